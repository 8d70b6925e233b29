package io.gameport.sample.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RoomLoopTest {

    @Test
    void commandsRunOnTheLoopThreadInTheOrderGiven() throws Exception {
        List<Integer> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (RoomLoop loop = new RoomLoop("test-loop", 20, now -> { }).start()) {
            for (int i = 0; i < 10_000; i++) {
                int value = i;
                loop.execute(() -> {
                    assertTrue(loop.isLoopThread());
                    seen.add(value);
                });
            }
            loop.execute(done::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    /**
     * A backlog of commands (inputs queued while the loop was held up) does not hold back a tick
     * that falls due while it drains: the tick runs after a few more commands, not after all of
     * them. Each command takes 20 µs; the first tick is due 1 ms after the loop starts.
     */
    @Test
    void aTickDueWhileABacklogDrainsRunsBeforeTheRestOfTheBacklog() throws Exception {
        int backlog = 3_000;
        List<Integer> order = new ArrayList<>();
        CountDownLatch drained = new CountDownLatch(1);
        RoomLoop loop = new RoomLoop("test-backlog", 1000, now -> order.add(-1));
        try (loop) {
            for (int i = 0; i < backlog; i++) {
                int value = i;
                loop.execute(() -> {
                    long start = System.nanoTime();
                    while (System.nanoTime() - start < 20_000) {
                        Thread.onSpinWait();
                    }
                    order.add(value);
                });
            }
            loop.execute(drained::countDown);
            loop.start();
            assertTrue(drained.await(20, TimeUnit.SECONDS));
            CountDownLatch seen = new CountDownLatch(1);
            loop.execute(seen::countDown);
            assertTrue(seen.await(10, TimeUnit.SECONDS));
        }
        int firstTick = order.indexOf(-1);
        assertTrue(firstTick >= 0, "a tick ran");
        // Due after about 50 commands; the clock is read every 16. Without the check: after all 3,000.
        assertTrue(firstTick < 500, () -> "the first tick ran after " + order.subList(0, firstTick).size() + " queued commands");
    }

    @Test
    void ticksAreScheduledOnAFixedGridOfThePeriod() throws Exception {
        List<Long> scheduled = new ArrayList<>();
        CountDownLatch fiveTicks = new CountDownLatch(5);
        try (RoomLoop loop = new RoomLoop("test-ticks", 100, now -> {
            scheduled.add(now);
            fiveTicks.countDown();
        }).start()) {
            assertTrue(fiveTicks.await(10, TimeUnit.SECONDS));
            loop.execute(() -> { });
        }
        for (int i = 1; i < 5; i++) {
            long step = scheduled.get(i) - scheduled.get(i - 1);
            assertTrue(step % 10 == 0 && step >= 10, "tick times are whole periods apart: " + scheduled);
        }
    }

    @Test
    void everyTickTellsTheRecorderHowLateItStartedAndHowLongItRan() throws Exception {
        long spinNanos = TimeUnit.MILLISECONDS.toNanos(2);
        List<long[]> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch threeTicks = new CountDownLatch(3);
        try (RoomLoop loop = new RoomLoop("test-recorder", 100, now -> {
            long start = System.nanoTime();
            while (System.nanoTime() - start < spinNanos) {
                Thread.onSpinWait();
            }
        }, (latenessNanos, durationNanos) -> {
            recorded.add(new long[] {latenessNanos, durationNanos});
            threeTicks.countDown();
        }).start()) {
            assertTrue(threeTicks.await(10, TimeUnit.SECONDS));
            loop.close();
            assertEquals(loop.ticks(), recorded.size(), "one record per tick");
        }
        for (long[] tick : recorded) {
            assertTrue(tick[0] >= 0, "a tick never starts before its deadline: " + tick[0]);
            assertTrue(tick[1] >= spinNanos, "the duration covers the tick's work: " + tick[1]);
        }
    }

    @Test
    void aFailingCommandIsCountedAndTheLoopGoesOn() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        try (RoomLoop loop = new RoomLoop("test-fail", 20, now -> { }).start()) {
            loop.execute(() -> {
                throw new IllegalStateException("handler bug");
            });
            loop.execute(after::countDown);
            assertTrue(after.await(10, TimeUnit.SECONDS));
            assertEquals(1, loop.failedCommands());
        }
    }
}

package io.gameport.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.RingBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shards' default wait: an idle consumer parks, and no publish or halt can leave it parked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParkingWaitStrategyTest {

    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();
    private ParkingWaitStrategy strategy;
    private RingBuffer<long[]> ring;
    private BatchEventProcessor<long[]> processor;
    private Thread consumer;

    /** A ring whose one consumer waits with a parking strategy that naps {@code napBeforeParkNanos} first. */
    private void startConsumer(long napBeforeParkNanos) {
        strategy = new ParkingWaitStrategy(napBeforeParkNanos);
        ring = RingBuffer.createMultiProducer(() -> new long[1], 1024, strategy);
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), (event, sequence, endOfBatch) -> {
            sum.addAndGet(event[0]);
            handled.incrementAndGet();
        });
        ring.addGatingSequences(processor.getSequence());
        consumer = new Thread(processor, "parking-consumer");
        consumer.start();
    }

    @AfterEach
    void haltConsumer() throws InterruptedException {
        if (processor != null) {
            processor.halt();
            consumer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void publish(long value) {
        long sequence = ring.next();
        ring.get(sequence)[0] = value;
        ring.publish(sequence);
    }

    /** Bounded wait for what another thread makes true; the caller asserts afterwards. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void assertParksWhenIdle(String message) {
        await(this::consumerParked);
        assertTrue(consumerParked(), message);
    }

    private void publishAndAwaitHandled(long value, long handledAfter) {
        publish(value);
        await(() -> handled.get() == handledAfter);
        assertEquals(handledAfter, handled.get());
    }

    private boolean consumerParked() {
        return strategy.isConsumerParked() && consumer.getState() == Thread.State.WAITING;
    }

    @Test
    void idleConsumerParksAndTheNextPublishWakesIt() {
        startConsumer(0);
        assertParksWhenIdle("an idle consumer is parked, not spinning or napping");
        publishAndAwaitHandled(7, 1);
        assertEquals(7, sum.get());
        assertParksWhenIdle("it parks again once idle");
        publishAndAwaitHandled(8, 2);
        assertEquals(15, sum.get());
    }

    @Test
    void consumerThatNapsFirstParksOnceIdleForTheNapPeriodAndIsWokenByThePublish() {
        startConsumer(TimeUnit.MILLISECONDS.toNanos(20));
        publishAndAwaitHandled(5, 1);
        assertParksWhenIdle("after the naps an idle consumer parks instead of napping on");
        publishAndAwaitHandled(6, 2);
        assertEquals(11, sum.get());
    }

    @Test
    void haltWakesAParkedConsumerAndItsThreadEnds() throws InterruptedException {
        startConsumer(0);
        assertParksWhenIdle("the consumer parked before the halt");
        processor.halt();
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(consumer.isAlive(), "the halted consumer's thread ended");
    }

    @ParameterizedTest(name = "napping {0} ns before parking")
    @ValueSource(longs = {0, 100_000})
    // The per-round 10 s wait is what detects a lost wake-up; this is only a hang guard, long
    // enough for 20,000 rounds on a 2-core machine that other builds keep busy.
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aPublishRacingTheConsumersWayIntoParkIsNeverMissed(long napBeforeParkNanos) {
        startConsumer(napBeforeParkNanos);
        // Ping-pong: each publish waits for its event to be handled. The pauses spread the
        // publishes over the consumer's spins, yields and way into park; a publish that slipped
        // in between its last look and its park without waking it would stall here for good.
        SplittableRandom random = new SplittableRandom(42);
        int rounds = 20_000;
        for (int i = 1; i <= rounds; i++) {
            LockSupport.parkNanos(random.nextInt(150_000));
            publish(1);
            long target = i;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handled.get() < target && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            assertEquals(target, handled.get(), "event " + i + " was published but the consumer stayed parked");
        }
    }

    @Test
    void noPublishIsLostWhenTheConsumerParksBetweenBurstsOfSeveralProducers() throws InterruptedException {
        startConsumer(0);
        int producers = 3;
        int perProducer = 20_000;
        int checkpointEvery = 5_000;
        // At each checkpoint every producer has stopped and the consumer has parked, whatever the
        // machine's load: the bursts after it must wake a parked consumer, not one still spinning.
        CyclicBarrier checkpoint = new CyclicBarrier(producers, () -> await(this::consumerParked));
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long seed = 1000 + p;
            Thread producer = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                int sent = 0;
                while (sent < perProducer) {
                    int burst = Math.min(1 + random.nextInt(40), perProducer - sent);
                    burst = Math.min(burst, checkpointEvery - sent % checkpointEvery);
                    for (int i = 0; i < burst; i++) {
                        publish(1);
                    }
                    sent += burst;
                    if (sent % checkpointEvery == 0) {
                        try {
                            checkpoint.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                            throw new AssertionError("producers did not meet at checkpoint " + sent, e);
                        }
                    }
                    // Pauses long enough for the consumer to get through its spins and yields and park.
                    if (random.nextInt(4) == 0) {
                        LockSupport.parkNanos(random.nextInt(300_000));
                    }
                }
            }, "producer-" + p);
            threads.add(producer);
            producer.start();
        }
        for (Thread producer : threads) {
            producer.join();
        }
        long expected = (long) producers * perProducer;
        await(() -> handled.get() == expected);
        assertEquals(expected, handled.get(), "every published event was handled");
        assertEquals(expected, sum.get());
        processor.halt();
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(strategy.parkCount() >= perProducer / checkpointEvery,
                "the consumer parked at every checkpoint between bursts, so the wake-up path was exercised");
    }
}

package io.gameport.sample.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SlowWorkPoolTest {

    @Test
    void completesWithTheWorksResultOnAPoolThread() throws Exception {
        try (SlowWorkPool pool = new SlowWorkPool("test-work", 2, 4)) {
            CompletableFuture<String> result = pool.submit(() -> Thread.currentThread().getName());
            assertTrue(result.get(10, TimeUnit.SECONDS).startsWith("test-work-"));
        }
    }

    @Test
    void workWhoseAskerWentAwayWhileItQueuedIsNotRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (SlowWorkPool pool = new SlowWorkPool("test-gone", 1, 4)) {
            CompletableFuture<Integer> first = pool.submit(() -> {
                running.countDown();
                release.await();
                return 0;
            });
            running.await();
            AtomicBoolean askerOpen = new AtomicBoolean(true);
            AtomicBoolean ran = new AtomicBoolean();
            CompletableFuture<Integer> gone = pool.submit(() -> {
                ran.set(true);
                return 1;
            }, askerOpen::get);
            CompletableFuture<Integer> stillWanted = pool.submit(() -> 2, () -> true);
            askerOpen.set(false); // its connection closed while the work waited for the thread
            release.countDown();
            assertEquals(0, first.get(10, TimeUnit.SECONDS));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> gone.get(10, TimeUnit.SECONDS));
            assertInstanceOf(AbandonedException.class, failure.getCause());
            assertEquals(2, stillWanted.get(10, TimeUnit.SECONDS));
            assertEquals(false, ran.get(), "the abandoned work never ran");
            assertEquals(1, pool.abandonedCount());
        }
    }

    @Test
    void beyondTheQueueASubmissionFailsAtOnceWithBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (SlowWorkPool pool = new SlowWorkPool("test-busy", 1, 2)) {
            List<CompletableFuture<Integer>> accepted = new ArrayList<>();
            accepted.add(pool.submit(() -> {
                running.countDown();
                release.await();
                return 0;
            }));
            running.await();
            accepted.add(pool.submit(() -> 1));
            accepted.add(pool.submit(() -> 2));
            CompletableFuture<Integer> refused = pool.submit(() -> 3);
            assertTrue(refused.isCompletedExceptionally());
            ExecutionException failure = assertThrows(ExecutionException.class, refused::get);
            assertInstanceOf(BusyException.class, failure.getCause());
            assertEquals(1, pool.rejectedCount());
            release.countDown();
            for (int i = 0; i < accepted.size(); i++) {
                assertEquals(i, accepted.get(i).get(10, TimeUnit.SECONDS));
            }
            assertEquals(4, pool.submit(() -> 4).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void failureOfTheWorkReachesTheFuture() {
        try (SlowWorkPool pool = new SlowWorkPool("test-fail", 1, 1)) {
            CompletableFuture<Object> result = pool.submit(() -> {
                throw new java.sql.SQLException("db down");
            });
            ExecutionException failure = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
            assertInstanceOf(java.sql.SQLException.class, failure.getCause());
        }
    }
}

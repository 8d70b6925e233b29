package io.gameport.sample.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    @Test
    void allowsTheBurstThenRefusesWithTheWaitUntilTheNextToken() throws Exception {
        RateLimiter limiter = new RateLimiter(10, 3, 100);
        InetAddress a = address(1);
        long now = 5 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.tryAcquire(a, now));
        }
        long wait = limiter.tryAcquire(a, now);
        assertEquals(100, wait);
    }

    @Test
    void refillsAtTheConfiguredRate() throws Exception {
        RateLimiter limiter = new RateLimiter(10, 2, 100);
        InetAddress a = address(1);
        long now = 5 * SECOND;
        assertEquals(0, limiter.tryAcquire(a, now));
        assertEquals(0, limiter.tryAcquire(a, now));
        assertTrue(limiter.tryAcquire(a, now) > 0);
        assertEquals(0, limiter.tryAcquire(a, now + SECOND / 10));
        assertTrue(limiter.tryAcquire(a, now + SECOND / 10) > 0);
        // A long idle period refills only up to the burst.
        long later = now + 100 * SECOND;
        assertEquals(0, limiter.tryAcquire(a, later));
        assertEquals(0, limiter.tryAcquire(a, later));
        assertTrue(limiter.tryAcquire(a, later) > 0);
    }

    @Test
    void addressesHaveIndependentBuckets() throws Exception {
        RateLimiter limiter = new RateLimiter(1, 1, 100);
        long now = SECOND;
        assertEquals(0, limiter.tryAcquire(address(1), now));
        assertTrue(limiter.tryAcquire(address(1), now) > 0);
        assertEquals(0, limiter.tryAcquire(address(2), now));
    }

    @Test
    void floodFromManyAddressesKeepsTheTableBounded() throws Exception {
        RateLimiter limiter = new RateLimiter(100, 1, 10);
        long now = SECOND;
        for (int i = 0; i < 200; i++) {
            // Each address's bucket is full again 10 ms after its request, so it may be evicted.
            now += SECOND / 50;
            limiter.tryAcquire(address(i), now);
        }
        assertTrue(limiter.trackedAddresses() <= 11, "tracked " + limiter.trackedAddresses());
    }

    @Test
    void aTableFullOfRefillingAddressesStaysBoundedAndCountsTheAddressesItCannotTrack() throws Exception {
        RateLimiter limiter = new RateLimiter(1, 5, 10);
        long now = SECOND;
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limiter.tryAcquire(address(i), now));
        }
        for (int i = 10; i < 30; i++) {
            assertEquals(0, limiter.tryAcquire(address(i), now), "an address the full table cannot hold is let through");
        }
        assertEquals(10, limiter.trackedAddresses());
        assertEquals(20, limiter.untracked());
        // Once the tracked buckets refilled (one second per token), they make room again.
        assertEquals(0, limiter.tryAcquire(address(40), now + 2 * SECOND));
        assertEquals(1, limiter.trackedAddresses());
        assertEquals(20, limiter.untracked());
    }

    @Test
    void aFullTableIsScannedAtMostOncePerRefillIntervalNotOncePerNewAddress() throws Exception {
        RateLimiter limiter = new RateLimiter(1, 5, 10);
        long now = SECOND;
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire(spreadAddress(i), now);
        }
        for (int i = 10; i < 1_000; i++) {
            limiter.tryAcquire(spreadAddress(i), now + i);
        }
        assertEquals(1, limiter.tableScans(), "990 new addresses within one interval: one scan");
        assertEquals(990, limiter.untracked());
        limiter.tryAcquire(spreadAddress(2_000), now + 2 * SECOND);
        assertEquals(2, limiter.tableScans(), "a later interval may scan again");
    }

    /** One of 65,536 distinct addresses in 10.0.0.0/16. */
    private static InetAddress spreadAddress(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i});
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
        RateLimiter limiter = new RateLimiter(0.001, 50, 10);
        InetAddress a = address(9);
        long now = SECOND;
        java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    if (limiter.tryAcquire(a, now) == 0) {
                        allowed.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(50, allowed.get());
    }
}

package io.gameport.sample.limit;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at
 * {@code perSecond}. Lock-free, so it may be called on I/O workers and dispatch shards.
 *
 * <p>Each bucket is kept as one number, its "theoretical arrival time" (the generic cell rate
 * algorithm, equivalent to a token bucket): the instant at which the bucket would be full again.
 * A request is allowed when that instant, pushed one interval further, is at most
 * {@code burst} intervals ahead of now; one compare-and-set updates it. A full bucket is the same
 * as no bucket, so entries whose instant has passed are dropped when the table grows past
 * {@code maxAddresses}, bounding memory under a flood from many addresses.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private final long burstNanos;
    private final int maxAddresses;
    private final Map<InetAddress, AtomicLong> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst, int maxAddresses) {
        if (perSecond <= 0 || burst < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("perSecond > 0, burst >= 1 and maxAddresses >= 1 are required");
        }
        this.intervalNanos = Math.max(1, (long) (1_000_000_000L / perSecond));
        this.burstNanos = intervalNanos * burst;
        this.maxAddresses = maxAddresses;
    }

    /**
     * Takes one token for {@code address} at {@code nowNanos} (a monotonic clock such as
     * {@link System#nanoTime()}). Returns 0 when allowed, otherwise the milliseconds (at least 1)
     * until a token will be available.
     */
    public long tryAcquire(InetAddress address, long nowNanos) {
        AtomicLong bucket = buckets.get(address);
        if (bucket == null) {
            if (buckets.size() >= maxAddresses) {
                evictFull(nowNanos);
            }
            bucket = buckets.computeIfAbsent(address, a -> new AtomicLong(nowNanos));
        }
        while (true) {
            long arrival = bucket.get();
            long next = Math.max(arrival, nowNanos) + intervalNanos;
            long ahead = next - nowNanos;
            if (ahead > burstNanos) {
                long waitNanos = ahead - burstNanos;
                return Math.max(1, (waitNanos + 999_999) / 1_000_000);
            }
            if (bucket.compareAndSet(arrival, next)) {
                return 0;
            }
        }
    }

    /** Addresses currently tracked (bounded by {@code maxAddresses} plus those racing in). */
    public int trackedAddresses() {
        return buckets.size();
    }

    private void evictFull(long nowNanos) {
        for (Iterator<AtomicLong> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().get() <= nowNanos) {
                it.remove();
            }
        }
    }
}

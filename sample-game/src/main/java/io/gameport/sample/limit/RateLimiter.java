package io.gameport.sample.limit;

import io.gameport.log.PeerLogs;
import io.gameport.log.RateLimitedLog;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at
 * {@code perSecond}. Lock-free, so it may be called on I/O workers and dispatch shards.
 *
 * <p>Each bucket is kept as one number, its "theoretical arrival time" (the generic cell rate
 * algorithm, equivalent to a token bucket): the instant at which the bucket would be full again.
 * A request is allowed when that instant, pushed one interval further, is at most
 * {@code burst} intervals ahead of now; one compare-and-set updates it. A full bucket is the same
 * as no bucket, so when the table holds {@code maxAddresses} the entries whose instant has passed
 * are dropped. If none has (a flood from that many addresses at once), the new address is not
 * tracked and its request is allowed, counted in {@link #untracked()}: the bound on memory holds,
 * and what still bounds the work is the login pool's queue. The table is scanned at most once per
 * refill interval while it stays full, so a flood does not make every request a full scan.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private final long burstNanos;
    private final int maxAddresses;
    private final Map<InetAddress, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final LongAdder untracked = new LongAdder();
    private final LongAdder tableScans = new LongAdder();
    private final RateLimitedLog tableFullLog = PeerLogs.defaults().log(RateLimiter.class, "per-address rate table full");
    /** When a full table may be scanned again (valid once {@link #scanned}); racy by design, a spare scan is harmless. */
    private volatile long nextScanNanos;
    private volatile boolean scanned;

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
            if (buckets.size() >= maxAddresses && !evictFull(nowNanos)) {
                untracked.increment();
                tableFullLog.warn("per-address rate table full ({} addresses, none refilled): {} not rate-limited ({} so far)",
                        maxAddresses, address, untracked.sum());
                return 0;
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

    /** Requests allowed without a bucket because the table was full of addresses still refilling. */
    public long untracked() {
        return untracked.sum();
    }

    /** Scans of the full table for buckets that refilled: at most one per refill interval while it stays full. */
    public long tableScans() {
        return tableScans.sum();
    }

    /** Drops the buckets that are full again; false when the table is still full. */
    private boolean evictFull(long nowNanos) {
        if (scanned && nowNanos - nextScanNanos < 0) {
            return false;
        }
        nextScanNanos = nowNanos + intervalNanos;
        scanned = true;
        tableScans.increment();
        for (Iterator<AtomicLong> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().get() - nowNanos <= 0) {
                it.remove();
            }
        }
        return buckets.size() < maxAddresses;
    }
}

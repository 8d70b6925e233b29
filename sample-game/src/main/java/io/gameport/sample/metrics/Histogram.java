package io.gameport.sample.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of durations in microseconds, for latency percentiles
 * (p50/p99/p99.9) recorded from many threads. Values below 128 us get exact buckets; above, each
 * power of two is split into 64 buckets, so a percentile is within 1/64 (1.6 %) of the truth.
 * Values above about 9 hours land in the last bucket.
 */
public final class Histogram {

    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int LINEAR_LIMIT = 2 * SUB_BUCKETS;
    private static final int MAX_EXPONENT = 35;
    private static final int BUCKETS = LINEAR_LIMIT + (MAX_EXPONENT - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    /** The counts at the last {@link #takeInterval}. */
    private final long[] taken = new long[BUCKETS];

    public void recordMicros(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    public void recordNanos(long nanos) {
        recordMicros(nanos / 1_000);
    }

    public long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The value at {@code fraction} (0.99 for p99) in milliseconds, or 0 when empty. */
    public double percentileMillis(double fraction) {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        return percentileMillis(snapshot, total, fraction);
    }

    /** Forgets everything recorded (a new measurement window starts). */
    public synchronized void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
            taken[i] = 0;
        }
    }

    /**
     * What was recorded since the previous call (the first: since creation or the last reset), then
     * starts a new interval. Reads the counts; recording is not slowed.
     */
    public synchronized LatencyInterval takeInterval() {
        long[] interval = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long now = counts.get(i);
            interval[i] = now - taken[i];
            taken[i] = now;
            total += interval[i];
        }
        return new LatencyInterval(total, percentileMillis(interval, total, 0.5), percentileMillis(interval, total, 0.99),
                percentileMillis(interval, total, 0.999));
    }

    private static double percentileMillis(long[] counts, long total, double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank && seen > 0) {
                return upperBound(i) / 1000.0;
            }
        }
        return upperBound(BUCKETS - 1) / 1000.0;
    }

    static int index(long micros) {
        if (micros < LINEAR_LIMIT) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return LINEAR_LIMIT + (exponent - SUB_BUCKET_BITS - 1) * SUB_BUCKETS + sub;
    }

    /** The largest value that maps to bucket {@code index}. */
    static long upperBound(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int offset = index - LINEAR_LIMIT;
        int exponent = offset / SUB_BUCKETS + SUB_BUCKET_BITS + 1;
        long sub = offset % SUB_BUCKETS;
        long lower = (1L << exponent) + (sub << (exponent - SUB_BUCKET_BITS));
        return lower + (1L << (exponent - SUB_BUCKET_BITS)) - 1;
    }
}

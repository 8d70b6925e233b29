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
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank && seen > 0) {
                return upperBound(i) / 1000.0;
            }
        }
        return upperBound(BUCKETS - 1) / 1000.0;
    }

    /** Forgets everything recorded (a new measurement window starts). */
    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
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

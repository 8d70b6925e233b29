package io.gameport.sample.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency percentiles (p50/p99/p99.9) of durations recorded from many threads, on HdrHistogram.
 * Writers go through a {@link Recorder}: wait-free, no lock, and no allocation (its range is
 * fixed). Readers fold what the recorder collected since the last read into one total, under
 * this object's lock, which only readers take. Values are microseconds to three significant
 * digits (a percentile is within 0.1 % of the truth); a negative duration counts as 0 and one
 * above {@link #HIGHEST_MICROS} as that highest value.
 */
public final class LatencyHistogram {

    /** The longest duration told apart: an hour. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    /** What was recorded since the last {@link #takeInterval}. */
    private final Histogram sinceTaken = new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    /** The recorder's previous interval histogram, handed back to it for reuse. */
    private Histogram interval;

    public void recordMicros(long micros) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
    }

    public void recordNanos(long nanos) {
        recordMicros(nanos / 1_000);
    }

    public synchronized long count() {
        collect();
        return total.getTotalCount();
    }

    /** The value at {@code fraction} (0.99 for p99) in milliseconds, or 0 when empty. */
    public synchronized double percentileMillis(double fraction) {
        collect();
        return total.getTotalCount() == 0 ? 0 : millisAt(total, fraction);
    }

    /** Forgets everything recorded (a new measurement window starts). */
    public synchronized void reset() {
        recorder.reset();
        total.reset();
        sinceTaken.reset();
    }

    /**
     * What was recorded since the previous call (the first: since creation or the last reset), then
     * starts a new interval; the total is left alone. Recording is not slowed.
     */
    public synchronized LatencyInterval takeInterval() {
        collect();
        long count = sinceTaken.getTotalCount();
        LatencyInterval taken = count == 0 ? new LatencyInterval(0, 0, 0, 0)
                : new LatencyInterval(count, millisAt(sinceTaken, 0.5), millisAt(sinceTaken, 0.99), millisAt(sinceTaken, 0.999));
        sinceTaken.reset();
        return taken;
    }

    private static double millisAt(Histogram histogram, double fraction) {
        return histogram.getValueAtPercentile(fraction * 100) / 1000.0;
    }

    private void collect() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        sinceTaken.add(interval);
    }
}

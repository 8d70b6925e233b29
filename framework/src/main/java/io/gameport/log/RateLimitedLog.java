package io.gameport.log;

import io.gameport.time.NanoClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A log of one kind of line a peer can provoke (a malformed frame, an unhandled message, a message
 * over its limit): at most {@code maxLines} lines per window, the rest only counted; the first line
 * of the next window is preceded by one line saying how many were suppressed. A flood therefore
 * writes a bounded number of lines however fast it comes, while the first occurrences still show
 * with their details.
 *
 * <p>Thread-safe and lock-free: shards of every session share one instance per kind. A suppressed
 * line costs a clock read and two atomic operations; call {@link #admit()} first (or use the
 * fixed-arity methods) so a suppressed line is never formatted.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final String kind;
    private final int maxLines;
    private final long windowNanos;
    private final NanoClock clock;
    private final AtomicLong windowStart;
    private final AtomicInteger linesInWindow = new AtomicInteger();
    private final AtomicLong suppressedInWindow = new AtomicLong();
    private final AtomicLong suppressedTotal = new AtomicLong();

    /**
     * @param kind     names the lines in the suppression summary ("malformed frame", ...)
     * @param maxLines lines written per window, at least 1
     * @param window   the window, positive
     */
    public RateLimitedLog(Logger logger, String kind, int maxLines, long window, TimeUnit unit, NanoClock clock) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be >= 1, was " + maxLines);
        }
        if (window <= 0) {
            throw new IllegalArgumentException("window must be > 0, was " + window + " " + unit);
        }
        this.logger = logger;
        this.kind = kind;
        this.maxLines = maxLines;
        this.windowNanos = unit.toNanos(window);
        this.clock = clock;
        this.windowStart = new AtomicLong(clock.nanoTime());
    }

    /**
     * True when a line may be written now (the caller writes it); false when it is suppressed
     * and counted. Opens a new window, writing the summary of the last one, when it has passed.
     */
    public boolean admit() {
        long now = clock.nanoTime();
        long start = windowStart.get();
        if (now - start >= windowNanos && windowStart.compareAndSet(start, now)) {
            long missed = suppressedInWindow.getAndSet(0);
            linesInWindow.set(0);
            if (missed > 0) {
                logger.warn("{}: {} more such lines suppressed in the last {} ms", kind, missed,
                        TimeUnit.NANOSECONDS.toMillis(now - start));
            }
        }
        if (linesInWindow.get() < maxLines && linesInWindow.incrementAndGet() <= maxLines) {
            return true;
        }
        suppressedInWindow.incrementAndGet();
        suppressedTotal.incrementAndGet();
        return false;
    }

    public void warn(String format, Object arg) {
        if (admit()) {
            logger.warn(format, arg);
        }
    }

    public void warn(String format, Object arg1, Object arg2) {
        if (admit()) {
            logger.warn(format, arg1, arg2);
        }
    }

    public void warn(String format, Object arg1, Object arg2, Object arg3) {
        if (admit()) {
            logger.warn(format, arg1, arg2, arg3);
        }
    }

    /** An error with its stack trace (the last argument, as SLF4J takes it). */
    public void error(String format, Object arg, Throwable error) {
        if (admit()) {
            logger.error(format, arg, error);
        }
    }

    public void error(String format, Object arg1, Object arg2, Object arg3, Throwable error) {
        if (admit()) {
            logger.error(format, arg1, arg2, arg3, error);
        }
    }

    /** Lines suppressed so far, over all windows. */
    public long suppressed() {
        return suppressedTotal.get();
    }

    /** The logger lines go to. */
    public Logger logger() {
        return logger;
    }
}

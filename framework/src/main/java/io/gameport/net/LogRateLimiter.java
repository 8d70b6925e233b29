package io.gameport.net;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets at most {@code linesPerSecond} log lines of one kind through per second, so a peer that
 * makes the server log (a refused connection, a budget close) cannot fill the disk: a line that
 * gets through says how many of its kind were suppressed since the previous one.
 *
 * <pre>{@code
 * long suppressed = limiter.admit();
 * if (suppressed >= 0) LOG.warn("refused {}: {} ({} similar lines suppressed)", peer, reason, suppressed);
 * }</pre>
 *
 * <p>Thread-safe without locks (a CAS on the window start and counters); not for per-frame paths.
 */
public final class LogRateLimiter {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int linesPerSecond;
    private final LongSupplier nanoClock;
    private final AtomicLong windowStart;
    private final AtomicLong linesInWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong suppressedTotal = new AtomicLong();

    public LogRateLimiter(int linesPerSecond) {
        this(linesPerSecond, System::nanoTime);
    }

    LogRateLimiter(int linesPerSecond, LongSupplier nanoClock) {
        if (linesPerSecond < 1) {
            throw new IllegalArgumentException("linesPerSecond must be >= 1, was " + linesPerSecond);
        }
        this.linesPerSecond = linesPerSecond;
        this.nanoClock = nanoClock;
        this.windowStart = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Asks to log one line: returns how many lines of this kind were suppressed since the last
     * admitted one (log it with the line), or -1 when this line must be suppressed.
     */
    public long admit() {
        long now = nanoClock.getAsLong();
        long start = windowStart.get();
        if (now - start >= WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
            linesInWindow.set(0);
        }
        if (linesInWindow.incrementAndGet() > linesPerSecond) {
            suppressed.incrementAndGet();
            suppressedTotal.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }

    /** Lines suppressed since start. */
    public long suppressedTotal() {
        return suppressedTotal.get();
    }
}

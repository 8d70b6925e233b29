package io.gameport.log;

import io.gameport.time.NanoClock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link RateLimitedLog}s of the lines a peer can provoke, so that every such log in the
 * pipeline shares one rate ({@link #linesPerSecond} per kind) and one clock, and tests can send
 * the lines to a logger of their own. One per server, at {@code GameServerSettings.peerLogLinesPerSecond}, shared by
 * its transport, dispatch stage and sessions (see {@code GameServerModule}).
 */
public final class PeerLogs {

    /** Enough to see what a peer did; few enough that a flood of one kind writes about one line every 200 ms. */
    public static final int DEFAULT_LINES_PER_SECOND = 5;

    private final NanoClock clock;
    private final int linesPerSecond;
    private final Function<Class<?>, Logger> loggers;

    /**
     * @param linesPerSecond lines written per kind per second, at least 1
     * @param loggers        the logger of each class that logs
     */
    public PeerLogs(NanoClock clock, int linesPerSecond, Function<Class<?>, Logger> loggers) {
        if (linesPerSecond < 1) {
            throw new IllegalArgumentException("linesPerSecond must be >= 1, was " + linesPerSecond);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.linesPerSecond = linesPerSecond;
        this.loggers = Objects.requireNonNull(loggers, "loggers");
    }

    /** {@value #DEFAULT_LINES_PER_SECOND} lines per kind per second, to SLF4J, on the system clock. */
    public static PeerLogs defaults() {
        return new PeerLogs(NanoClock.SYSTEM, DEFAULT_LINES_PER_SECOND, LoggerFactory::getLogger);
    }

    public int linesPerSecond() {
        return linesPerSecond;
    }

    /** A new log for one kind of line that {@code owner} writes. */
    public RateLimitedLog log(Class<?> owner, String kind) {
        return new RateLimitedLog(loggers.apply(owner), kind, linesPerSecond, 1, TimeUnit.SECONDS, clock);
    }
}

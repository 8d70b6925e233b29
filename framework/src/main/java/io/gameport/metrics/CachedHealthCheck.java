package io.gameport.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A readiness check of something slow to ask (a database, another service): the probe runs on a
 * daemon thread of its own, never on the ops HTTP thread, at most once per {@code maxAge}; a probe
 * reads the cached answer while it is younger than that, otherwise starts a probe and waits for it at most
 * {@code maxWait} (a probe that takes longer answers "did not answer within ..." and its result
 * serves the next probe). Nothing runs while nobody asks, so an idle server does not poll.
 * A probe fails by throwing; its message is the reason. Changes between up and down are logged
 * once each; failed probes are counted ({@link #failures}). Thread-safe.
 */
public final class CachedHealthCheck implements HealthCheck, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CachedHealthCheck.class);
    /** Reasons are for a JSON answer and a log line: a driver's multi-line message is cut to this. */
    static final int MAX_REASON_CHARS = 200;

    /** Asks the dependency; returns normally when it is usable, throws saying why when it is not. */
    @FunctionalInterface
    public interface Probe {
        void probe() throws Exception;
    }

    private record Result(String failure, long finishedNanos) {
    }

    private final String what;
    private final Probe probe;
    private final long maxAgeNanos;
    private final long maxWaitNanos;
    private final ExecutorService thread;
    private final AtomicLong failures = new AtomicLong();
    private volatile Result latest;
    private CompletableFuture<Result> running; // guarded by this

    /**
     * @param what    the dependency in words ("account database"), the start of every reason
     * @param maxAge  how long an answer is reused before the next probe
     * @param maxWait how long a caller waits for a probe it started
     */
    public CachedHealthCheck(String what, Probe probe, Duration maxAge, Duration maxWait) {
        this.what = Objects.requireNonNull(what, "what");
        this.probe = Objects.requireNonNull(probe, "probe");
        if (maxAge.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxAge (" + maxAge + ") and maxWait (" + maxWait + ") must not be negative");
        }
        this.maxAgeNanos = maxAge.toNanos();
        this.maxWaitNanos = maxWait.toNanos();
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "gameport-health-" + what.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String failure() {
        Result cached = latest;
        if (cached != null && System.nanoTime() - cached.finishedNanos() < maxAgeNanos) {
            return cached.failure();
        }
        CompletableFuture<Result> probing;
        try {
            probing = probeOnce();
        } catch (RejectedExecutionException e) {
            return what + " check stopped";
        }
        try {
            return probing.get(maxWaitNanos, TimeUnit.NANOSECONDS).failure();
        } catch (TimeoutException e) {
            return what + " did not answer within " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return what + " check interrupted";
        } catch (ExecutionException e) {
            // probe() catches everything a probe throws; this is a bug here, reported as a failure.
            return what + " check failed: " + e.getCause();
        }
    }

    /** Probes that failed since start. */
    public long failures() {
        return failures.get();
    }

    private synchronized CompletableFuture<Result> probeOnce() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::probeNow, thread);
        }
        return running;
    }

    private Result probeNow() {
        String failure = null;
        try {
            probe.probe();
        } catch (Exception e) {
            failures.incrementAndGet();
            failure = what + " unreachable: " + reason(e);
        }
        Result previous = latest;
        boolean wasUp = previous == null || previous.failure() == null;
        if (wasUp && failure != null) {
            LOG.warn("{}: not ready ({})", what, failure);
        } else if (!wasUp && failure == null) {
            LOG.info("{}: ready again", what);
        }
        Result result = new Result(failure, System.nanoTime());
        latest = result;
        return result;
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String oneLine = message.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_REASON_CHARS ? oneLine : oneLine.substring(0, MAX_REASON_CHARS) + "...";
    }

    /** Ends the probe thread (a probe in progress is interrupted); later calls answer "check stopped". */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}

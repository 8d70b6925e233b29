package io.gameport.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the framework does with an {@link Error} (OutOfMemoryError, StackOverflowError, a failed
 * assertion) on one of its threads: I/O workers, dispatch shards, timer threads. Such a process
 * is not trustworthy any more (a half-built object, a worker gone with its sessions, a heap too
 * full to run the signal handler), so it logs one FATAL line naming the thread and what it was
 * doing, then stops the process with {@link #EXIT_STATUS} for the orchestrator to restart it.
 *
 * <p>The default exit is {@link Runtime#halt}: shutdown hooks are skipped on purpose, because
 * they would wait for the very threads that failed (a server's hook joins its workers). Tests
 * replace the exit with {@link #exitAction(ExitAction)} to observe it in-process.
 *
 * <p>Direct-memory exhaustion on the send or receive path is not fatal: it closes only the
 * connection that needed the memory ({@link CloseReason#DIRECT_MEMORY_EXHAUSTED}).
 */
public final class FatalErrors {

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

    /** EX_SOFTWARE of sysexits.h: an internal software error. */
    public static final int EXIT_STATUS = 70;

    /** Stops the process; the default halts it. */
    @FunctionalInterface
    public interface ExitAction {
        void exit(int status);
    }

    private static final ExitAction HALT = status -> Runtime.getRuntime().halt(status);
    private static volatile ExitAction exitAction = HALT;

    private FatalErrors() {
    }

    /**
     * Replaces the exit action (tests) and returns the previous one; {@code null} restores the halt.
     */
    public static ExitAction exitAction(ExitAction action) {
        ExitAction previous = exitAction;
        exitAction = action == null ? HALT : action;
        return previous;
    }

    /**
     * Logs FATAL with the calling thread and {@code doing}, then stops the process. Returns only
     * when a test replaced the exit action; callers then rethrow or end their thread.
     */
    public static void report(String doing, Throwable error) {
        String thread = Thread.currentThread().getName();
        try {
            LOG.error("FATAL: {} on thread {} while {}; stopping the process (exit status {}) so that it is restarted",
                    error, thread, doing, EXIT_STATUS, error);
        } catch (Throwable logFailed) {
            // Logging may itself fail on an exhausted heap: the exit must not depend on it.
            try {
                System.err.println("FATAL: " + error + " on thread " + thread + " while " + doing);
            } catch (Throwable ignored) {
                // nothing left to tell anyone with
            }
        }
        exitAction.exit(EXIT_STATUS);
    }
}

package io.gameport.net;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-thread scheduler for the framework's timer threads (the worker group's back-off timer,
 * the session monitor, the client's request timeouts) that never lets a failure vanish into a
 * task's future, where a scheduled executor otherwise keeps it: an {@link Error} is fatal
 * ({@link FatalErrors#report}), a RuntimeException is logged with the thread's name.
 */
public final class GuardedTimer extends ScheduledThreadPoolExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedTimer.class);

    private final String threadName;
    private final DaemonFactory factory;

    /** A daemon thread named {@code threadName}; cancelled tasks leave its queue at once. */
    public GuardedTimer(String threadName) {
        this(threadName, new DaemonFactory(threadName));
    }

    private GuardedTimer(String threadName, DaemonFactory factory) {
        super(1, factory);
        this.threadName = threadName;
        this.factory = factory;
        setRemoveOnCancelPolicy(true);
    }

    /** The timer's thread once it started (the executor reports termination before its thread has exited). */
    public Thread thread() {
        return factory.thread;
    }

    private static final class DaemonFactory implements java.util.concurrent.ThreadFactory {
        private final String name;
        private volatile Thread thread;

        DaemonFactory(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
        super.afterExecute(task, thrown);
        Throwable failure = thrown;
        if (failure == null && task instanceof Future && ((Future<?>) task).isDone()) {
            try {
                ((Future<?>) task).get();
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (CancellationException e) {
                // cancelled by its owner: not a failure
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure instanceof Error) {
            FatalErrors.report("running a scheduled task of " + threadName, failure);
        } else if (failure != null) {
            LOG.error("{}: a scheduled task failed", threadName, failure);
        }
    }
}

package io.gameport.testing;

import io.gameport.net.FatalErrors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Replaces {@link FatalErrors}' halt for one test, recording the status and the thread that
 * asked to exit, so an in-process test can see a fatal error handled. {@link #close()} restores it.
 */
public final class RecordingExit implements FatalErrors.ExitAction, AutoCloseable {

    private final CountDownLatch exited = new CountDownLatch(1);
    private final FatalErrors.ExitAction previous;
    private volatile int status = -1;
    private volatile String thread;

    public RecordingExit() {
        previous = FatalErrors.exitAction(this);
    }

    @Override
    public void exit(int exitStatus) {
        if (exited.getCount() == 1) {
            status = exitStatus;
            thread = Thread.currentThread().getName();
            exited.countDown();
        }
    }

    /** Waits for the exit (a hang guard of a minute) and returns its status. */
    public int awaitStatus() throws InterruptedException {
        if (!exited.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the process was never asked to exit");
        }
        return status;
    }

    public boolean exited() {
        return exited.getCount() == 0;
    }

    /** The name of the thread that asked to exit. */
    public String thread() {
        return thread;
    }

    @Override
    public void close() {
        FatalErrors.exitAction(previous);
    }
}

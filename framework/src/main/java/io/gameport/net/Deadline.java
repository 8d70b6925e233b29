package io.gameport.net;

/**
 * A deadline on the worker group's timer that stops keeping its target reachable once disarmed.
 * The timer's queue holds a task until it is due (a TLS handshake's 10 s, close_notify's second,
 * a linger), and a task that referred to its connection directly would keep a connection that
 * closed long before reachable that long, its TLS engine and session with it: under connection
 * churn (a login server, reconnecting players) every connection closed in the last 10 s, copied at
 * every young collection meanwhile. Disarmed, the queue holds only this object. Cancelling the timer's
 * task instead would take the timer's lock on the I/O thread.
 *
 * <p>Worker thread only: armed, disarmed and run there (the timer only hands it to the worker).
 */
final class Deadline implements WorkerTask {

    private WorkerTask target;

    /** Schedules {@code target} on {@code worker} after {@code delayMs}, unless disarmed first. */
    static Deadline schedule(IoWorker worker, int delayMs, WorkerTask target) {
        Deadline deadline = new Deadline(target);
        worker.schedule(delayMs, deadline);
        return deadline;
    }

    private Deadline(WorkerTask target) {
        this.target = target;
    }

    @Override
    public void run() {
        WorkerTask due = target;
        target = null;
        if (due != null) {
            due.run();
        }
    }

    /**
     * Makes {@code deadline}, if there is one, do nothing and let go of what it would have done it
     * to; returns null, for {@code field = disarm(field)}. Idempotent.
     */
    static Deadline disarm(Deadline deadline) {
        if (deadline != null) {
            deadline.target = null;
        }
        return null;
    }
}

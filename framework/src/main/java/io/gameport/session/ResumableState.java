package io.gameport.session;

import io.gameport.net.Connection;

/**
 * One resumable session's bookkeeping. Fields without a note are guarded by the session's lock
 * (its monitor); see {@link Resumption} for who changes what.
 */
final class ResumableState {

    final Resumption resumption;
    /** The game frames sent to the peer and not acknowledged: the replay buffer. */
    final ReplayLog log = new ReplayLog();
    /** Game frames received from the peer; written only by the attached connection's I/O worker. */
    volatile long received;
    /** The last count of received frames told to the peer (an Ack, a Ping, Resumed); benign races (an extra ack at most). */
    volatile long acknowledgedToPeer;
    /** A scratch buffer for acks sent on the I/O worker, which copies them at once. Worker thread only. */
    final java.nio.ByteBuffer ackScratch = java.nio.ByteBuffer.allocate(32);
    /** The client's first frame came: the session is open to handlers (until then it may still become a resume). */
    volatile boolean opened;
    /** This not-yet-open session's connection sent a Resume for another session: nothing more may come before Resumed. */
    volatile boolean resuming;
    volatile boolean suspended;
    long suspendedAtNanos;
    /** A suspension's event is being published: a resume waits for it, so handlers see onSuspend before onResume. */
    boolean suspendEventPending;
    int generation;
    /**
     * The oldest token generation a Resume may still present: the newest one the client is known to
     * hold. Every generation from it to {@link #generation} is accepted, because the client may not
     * have the newer ones yet: a {@code Resumed} lost in a drop (again and again, when each retry
     * is dropped too) or a renewal still in flight. It moves up when a Resume presents a newer
     * generation, and to {@link #resumedGeneration} when the client speaks after a {@code Resumed}
     * (it sends nothing before that answer, so speaking proves it has the token the answer carried).
     */
    volatile int oldestAccepted = 1;
    /** The generation the last {@code Resumed} carried; 0 before any resume. */
    int resumedGeneration;
    volatile long tokenExpiresAtMs;
    boolean closedForGood;
    /** The last frame number handed to the attached connection; the ones after it wait for the next flush. */
    long wired;
    /** A flush of the log into the attached connection is queued on its worker. */
    boolean flushQueued;
    /** The connection the queued flush is for, and the flush itself, made once per session (a burst allocates nothing). */
    Connection flushConnection;
    Runnable flushTask;
    /** A valid Resume waiting for the old connection to detach (a takeover), and the count it carried. */
    Connection takeover;
    long takeoverReceived;

    ResumableState(Resumption resumption) {
        this.resumption = resumption;
    }

}

package io.gameport.transport.nio2;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;

/**
 * One entry of the {@link Nio2HandleTable}: an NIO2 channel, the port that owns it, and the count
 * of its operations whose completion has not been queued yet.
 *
 * <p>The count decides when the close completion may be queued: NIO2 completes the operations
 * aborted by {@code close()} later, on a group thread, so the close record is queued by whoever
 * brings the count to zero after close was requested. Every aborted operation's record is pushed
 * before that decrement, hence the close completion is always the socket's last one.
 *
 * <p>Threads: {@link #owner} changes only through {@code adopt} (handover between workers is the
 * caller's job: the old owner has nothing pending). Operations start on the owner thread; they
 * finish on group threads.
 */
abstract class Nio2Channel {

    /** Set in {@link #state} once close was requested; the low bits count pending operations. */
    private static final int CLOSE_REQUESTED = 1 << 30;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Nio2Channel.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long handle;
    volatile Nio2Port owner;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    private final Nio2CloseOp closeOp = new Nio2CloseOp(this);

    Nio2Channel(long handle, Nio2Port owner) {
        this.handle = handle;
        this.owner = owner;
    }

    /** An operation was started. Owner thread, before handing the operation to NIO2. */
    final void beginOperation() {
        STATE.getAndAdd(this, 1);
    }

    /** An operation's record was pushed. Any thread; queues the close record after the last one. */
    final void endOperation() {
        int now = (int) STATE.getAndAdd(this, -1) - 1;
        if (now == CLOSE_REQUESTED) {
            closeOp.port.enqueue(closeOp);
        }
    }

    /**
     * Records that close was requested (once: the handle was already removed from the table) and
     * queues the close completion at once when nothing is pending. Owner thread, after the NIO2
     * channel was closed.
     */
    final void requestClose(Nio2Port port, long token) {
        closeOp.port = port;
        closeOp.token = token;
        int now = (int) STATE.getAndAdd(this, CLOSE_REQUESTED) + CLOSE_REQUESTED;
        if (now == CLOSE_REQUESTED) {
            port.enqueue(closeOp);
        }
    }

    abstract SocketAddress localAddress() throws IOException;

    /** True when an operation started with {@code token} has not been delivered yet. Owner thread. */
    abstract boolean isPending(long token);

    /** Closes the NIO2 channel, which aborts every pending operation. Idempotent. */
    abstract void closeChannel() throws IOException;

    /** Drops references kept for reuse; called on delivery of the close completion. Owner thread. */
    void releaseAfterClose() {
    }
}

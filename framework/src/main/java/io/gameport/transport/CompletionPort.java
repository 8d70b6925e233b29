package io.gameport.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One I/O worker's completion port: it starts socket operations and later reports each one's
 * completion, with the caller's token, through {@link #poll}.
 *
 * <h2>Contract shared by every backend</h2>
 * <ul>
 *   <li><b>Threads.</b> Every method but {@link #wakeup()} is called only by the owning worker
 *   thread. {@link #wakeup()} may be called from any thread.</li>
 *   <li><b>One completion path.</b> Every started operation reports through {@link #poll}, also
 *   when the kernel finished it inline (IOCP with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) or when
 *   starting it failed at once (the port queues that outcome and delivers it on the next poll).
 *   Starting an operation therefore never throws for a socket error, nor for bad input such
 *   as an unresolved address (a failed name lookup): that operation alone fails, with
 *   EADDRNOTAVAIL or WSAEADDRNOTAVAIL, and the worker carries on. The one exception: a
 *   receive that needs a direct buffer the JVM cannot reserve (NIO2) throws
 *   {@link DirectMemoryExhaustedException} with nothing started; the caller closes that connection.</li>
 *   <li><b>Armed operations.</b> {@link #accept} and {@link #receive} arm the socket: a completion
 *   flagged {@link Completions#FLAG_MORE} says the operation is still armed and more completions
 *   will follow; a completion without it ends the operation, and the caller re-arms if it wants
 *   more. One-shot backends simply never set the flag.</li>
 *   <li><b>Receive buffers belong to the port.</b> A receive holds no buffer while the socket is
 *   idle (io_uring provided-buffer ring, IOCP zero-byte WSARecv); the data of a receive
 *   completion is only valid during the {@link CompletionHandler#onCompletion} call.</li>
 *   <li><b>Send buffers belong to the caller</b>, who must neither modify nor free them until the
 *   send's completion, because the kernel may read them until then. The port does not change
 *   their positions or limits; the caller advances by the completion's byte count, which may be
 *   less than it asked (a partial send).</li>
 *   <li><b>Close.</b> {@link #close} cancels every operation pending on the socket, shuts its
 *   output down and closes it. Each cancelled operation still completes (with the backend's
 *   "aborted" error); the close itself completes too. Memory of the socket's operations is
 *   reusable only once all of them have completed.</li>
 *   <li><b>Errors.</b> A failed operation completes with a negative result; its
 *   {@link Completions#errorCode(long) error code} belongs to the backend's {@link ErrorSpace}.</li>
 * </ul>
 */
public interface CompletionPort extends AutoCloseable {

    /** Binds and listens; returns the listener's handle. Throws when the address cannot be bound. */
    long listen(InetSocketAddress address, int backlog) throws IOException;

    /** The local address a listener or socket is bound to (the real port after binding port 0). */
    InetSocketAddress localAddress(long handle) throws IOException;

    /** The peer's address of a connected socket, or {@code null} when it is no longer known. */
    InetSocketAddress remoteAddress(long socket);

    /**
     * Makes a socket accepted or connected on another port usable on this one (IOCP: associate
     * the handle with this port; io_uring: nothing to do). Called before any other operation on
     * that socket from this port.
     */
    void adopt(long socket) throws IOException;

    /** Arms accepting on a listener. Each completion's result is a new connected socket's handle. */
    void accept(long listener, long token);

    /**
     * Starts a connection to {@code remote}. The completion's result is the connected socket's
     * handle; an unresolved {@code remote} completes as failed (EADDRNOTAVAIL / WSAEADDRNOTAVAIL).
     */
    void connect(InetSocketAddress remote, long token);

    /** Arms receiving. A completion's result is the byte count, 0 at end of stream. */
    void receive(long socket, long token);

    /**
     * Starts one gathering send of {@code buffers[offset .. offset + count)}, each from its position
     * to its limit. Buffers must be direct. The completion's result is the number of bytes written.
     */
    void send(long socket, ByteBuffer[] buffers, int offset, int count, long token);

    /** Cancels the pending operation started with {@code token} on {@code socket}; it then completes as aborted. */
    void cancel(long socket, long token);

    /**
     * Half-closes the socket now: the peer gets end-of-stream after the bytes already sent, while
     * receives keep working. Synchronous (no completion). Returns 0, or a failure encoded as a
     * completion result ({@link Completions#failure}) for the caller to record; e.g. the peer reset first.
     */
    long shutdownOutput(long socket);

    /** {@link #probePeer}'s answer for a peer whose end of stream arrived, nothing left unread. */
    long PEER_ENDED = 1;

    /**
     * Asks the kernel, synchronously (no completion), whether a connected socket's connection is
     * gone although no completion said so. Returns 0 while it is there (or when this backend never
     * needs to ask); {@link #PEER_ENDED} when the peer's end of stream has arrived with nothing
     * left unread, for the caller to act on like a receive that completed with end of stream;
     * else a failure encoded as a completion result ({@link Completions#failure})
     * for the caller to record and act on like a failed receive: the error the kernel holds for
     * the socket (a reset), or, when a completion already took that error, "not connected".
     *
     * <p>Why: io_uring's multishot receive has been seen (kernel 6.18) to deliver a peer's last
     * bytes with {@link Completions#FLAG_MORE} and then never report the reset that followed,
     * leaving the connection open on a socket the kernel has dropped; liburing issue #1549 reports
     * the same race for a peer's end of stream. The I/O worker therefore
     * asks about connections that received nothing for a while, on backends that say they can
     * miss a reset ({@link CompletionBackend#canMissResets}). The others (IOCP's and NIO2's one-shot
     * receives complete with every reset) are never asked, and this default answers 0. Allocates nothing.
     */
    default long probePeer(long socket) {
        return 0;
    }

    /** Cancels everything pending on the socket, shuts it down and closes it; completes once with {@code token}. */
    void close(long socket, long token);

    /** Closes a listener: its armed accept completes as aborted. Completes once with {@code token}. */
    void closeListener(long listener, long token);

    /** Wakes the owner if it is blocked in {@link #poll}. Any thread; wake-ups are not delivered as completions. */
    void wakeup();

    /**
     * Submits every operation started since the last call, then delivers completions to the
     * handler. When {@code block} is true and nothing has completed, waits in the kernel until
     * something completes or {@link #wakeup()} is called (no timed polling).
     *
     * @return the number of completions delivered
     */
    int poll(CompletionHandler handler, boolean block) throws IOException;

    /** Releases the port's own resources. Called once, by the owner, after every socket's last completion. */
    @Override
    void close();

    /**
     * After {@link #close()}: true when operations the kernel never completed were left behind
     * (the port then leaks its own memory for them on purpose). The kernel may still read their
     * send buffers, so the caller must keep those for the life of the process too.
     */
    default boolean leftOperationsInKernel() {
        return false;
    }
}

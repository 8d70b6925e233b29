package io.gameport.transport;

import java.io.IOException;

/**
 * A completion backend: the process-wide part of one kernel completion mechanism (io_uring,
 * IOCP, or NIO2's asynchronous channels). It creates one {@link CompletionPort} per I/O worker
 * and owns whatever those ports share (Winsock start-up, extension function pointers, NIO2's
 * channel group and handle table).
 *
 * <p>Thread contract: {@link #openPort()} is called on the thread that will own the port, because
 * io_uring rings created with SINGLE_ISSUER accept submissions only from their creating thread.
 * {@link #close()} is called once, after every port it opened has been closed.
 */
public interface CompletionBackend extends AutoCloseable {

    /** The name used in configuration and logs: {@code io_uring}, {@code iocp}, {@code nio2}. */
    String name();

    /** The error space of the codes this backend's completions carry. */
    ErrorSpace errorSpace();

    /**
     * Whether a receive of this backend can miss a peer's reset, so that the I/O workers must ask
     * the kernel about silent connections ({@link CompletionPort#probePeer}): io_uring's multishot
     * receive. IOCP's and NIO2's pending receives report every reset; their workers skip the sweep.
     */
    default boolean canMissResets() {
        return false;
    }

    /** Opens a port owned by the calling thread. */
    CompletionPort openPort() throws IOException;

    /**
     * Closes a connected socket that no port owns: one accepted for a worker whose port died before
     * it took the socket over, when no live worker is left to take it. Any thread; a failure is
     * recorded in the backend's error metrics, never thrown.
     */
    void closeUnowned(long socket);

    /** Releases what the ports shared. Idempotent. */
    @Override
    void close();
}

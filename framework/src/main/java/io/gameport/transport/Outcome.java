package io.gameport.transport;

/**
 * What a completion means for its connection, whatever the backend: the rows of DESIGN.md's
 * table of GetQueuedCompletionStatus outcomes, which apply to io_uring's errno values as well.
 */
public enum Outcome {
    /** Bytes were transferred; carry on. */
    SUCCESS,
    /** The peer closed its side gracefully (a 0-byte receive). Close the session. */
    END_OF_STREAM,
    /** We closed the socket or cancelled the operation: finish it quietly, release after the last one. */
    ABORTED_BY_US,
    /** The peer reset or aborted the connection. Close the session. */
    PEER_RESET,
    /** The peer refused the connection (ECONNREFUSED, WSAECONNREFUSED): retry with backoff. */
    REFUSED,
    /** The kernel ran out of resources (WSAENOBUFS, ENOBUFS, ...): back off and retry; not a crash. */
    OUT_OF_RESOURCES,
    /** Nothing is ready yet (EAGAIN, WSAEWOULDBLOCK): try again later. */
    WOULD_BLOCK,
    /** The completion port itself is gone: the worker exits. */
    PORT_CLOSED,
    /** Anything else: the socket is dead; close it and release its resources. */
    FATAL
}

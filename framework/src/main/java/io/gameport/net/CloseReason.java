package io.gameport.net;

import io.gameport.transport.Outcome;

/** Why a connection closed. Logged with every close and passed to {@link ConnectionHandler#onClose}. */
public enum CloseReason {
    /** The peer closed its side (end of stream between frames). */
    PEER_CLOSED,
    /** The peer closed its side in the middle of a frame. */
    PEER_CLOSED_MID_FRAME,
    /** The peer reset or aborted the connection. */
    PEER_RESET,
    /** A frame header announced more than the configured maximum frame size. */
    FRAME_TOO_LARGE,
    /** A frame header announced a negative length. */
    NEGATIVE_FRAME_LENGTH,
    /** The application closed the connection. */
    LOCAL_CLOSE,
    /** The peer sent something the protocol layer rejected. */
    PROTOCOL_ERROR,
    /** The peer let its outbound queue exceed the send quota and the policy is to disconnect it. */
    SEND_QUOTA_EXCEEDED,
    /** The peer's large frames waiting for its shard passed the per-session inbound budget (a flood the shard could not keep up with). */
    INBOUND_BUDGET_EXCEEDED,
    /**
     * The connection held the most bytes in partly received frames when its I/O worker's
     * partial-frame budget ({@link TransportSettings#maxPartialFrameBytesPerWorker()}) was passed.
     */
    PARTIAL_FRAME_BUDGET,
    /** Refused at accept: the server had {@link TransportSettings#maxConnections()} connections open. */
    MAX_CONNECTIONS,
    /** Refused at accept: the remote address had {@link TransportSettings#maxConnectionsPerAddress()} connections open. */
    MAX_CONNECTIONS_PER_ADDRESS,
    /**
     * The connection needed direct memory (an outbound chunk, an NIO2 receive buffer) that the JVM
     * could not reserve ({@code -XX:MaxDirectMemorySize}, by default the heap's maximum): only this
     * connection closes; its I/O worker goes on.
     */
    DIRECT_MEMORY_EXHAUSTED,
    /** The session was not marked authenticated within {@code SessionSettings.authDeadlineMs}. */
    AUTH_TIMEOUT,
    /** No traffic within the idle timeout. */
    IDLE_TIMEOUT,
    /** The server is stopping. */
    SERVER_STOPPING,
    /** The application's frame handler threw. */
    HANDLER_ERROR,
    /** The peer sent faster than a rate limit whose policy is to close ({@code OverLimit.CLOSE}). */
    RATE_LIMITED,
    /** The peer sent more frames that failed to decode than {@code HandlerSettings.maxMalformedFrames} allows. */
    MALFORMED_FRAMES,
    /**
     * A RuntimeException escaped the framework (not a handler) while handling one of this
     * connection's completions or commands: logged with its stack trace, counted, and only this
     * connection is closed; its I/O worker goes on.
     */
    INTERNAL_ERROR,
    /** The TLS handshake failed: no common protocol or suite, a certificate refused (untrusted, expired, wrong host, missing client certificate). */
    TLS_HANDSHAKE_FAILED,
    /** The TLS handshake did not finish within {@code TlsSettings.handshakeTimeoutMillis}. */
    TLS_HANDSHAKE_TIMEOUT,
    /** The peer closed the TCP connection without a TLS {@code close_notify} (a truncation attack, or a careless client). */
    TLS_TRUNCATED,
    /** The peer sent something that is not a TLS record (a plaintext client on a TLS port). */
    TLS_PLAINTEXT_PEER,
    /** The peer tried to renegotiate a TLS 1.2 session (refused: it buys nothing and costs handshake CPU). */
    TLS_RENEGOTIATION,
    /** A TLS record failed after the handshake: bad MAC, oversized record, unexpected message, too much unprocessed ciphertext. */
    TLS_PROTOCOL_ERROR,
    /** The kernel reported an error that leaves the socket unusable. */
    IO_ERROR,
    /**
     * Resumable sessions: a valid {@code Resume} for this connection's session came from another
     * connection, which continues the session; this one is closed without a word.
     */
    SESSION_REPLACED,
    /** Resumable sessions: the session stayed suspended (no connection) for its whole grace period. */
    RESUME_GRACE_EXPIRED,
    /**
     * Resumable sessions: what the session kept for its peer (sent and not acknowledged, or sent
     * while suspended) would have passed its send quota or the global cap.
     */
    RESUME_BACKLOG_EXCEEDED,
    /**
     * Resumable sessions: a connection whose first frame was a {@code Resume} the server refused
     * (answered {@code Disconnect} with the refusal's code; counted by kind). Not a warning: a peer
     * can provoke it at will.
     */
    RESUME_REFUSED,
    /** Resumable sessions: the client said it leaves ({@code Disconnect}) and closed. */
    PEER_LEFT;

    /**
     * The reason a failed operation's outcome closes an open connection with, or null when the
     * operation is retried instead (out of resources, would block).
     */
    static CloseReason ofFailure(Outcome outcome) {
        return switch (outcome) {
            case OUT_OF_RESOURCES, WOULD_BLOCK -> null;
            case PEER_RESET, REFUSED -> PEER_RESET;
            // Cancelled while open: only our own close cancels, so treat it as a close.
            case ABORTED_BY_US -> LOCAL_CLOSE;
            default -> IO_ERROR;
        };
    }

    /** A close that says something went wrong (a broken peer, a bug, an I/O error): logged as a warning, the rest at debug. */
    boolean warnsWhenClosing() {
        return switch (this) {
            case PROTOCOL_ERROR, TLS_PROTOCOL_ERROR, SEND_QUOTA_EXCEEDED, INBOUND_BUDGET_EXCEEDED, HANDLER_ERROR,
                    INTERNAL_ERROR, IO_ERROR -> true;
            default -> false;
        };
    }
}

package io.gameport.protocol;

import java.util.Objects;

/**
 * A frame from a peer that the protocol rejects. The framework's policy is to count it by
 * {@link #error()}, log it with the session, and close that session.
 *
 * <p>No stack trace is captured: the cause is the peer's bytes, not a code path, and a peer
 * must not be able to make the server pay for stack walks. {@link #getCause()} keeps the
 * Protobuf parser's exception for {@link ProtocolError#MALFORMED_BODY}.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ProtocolError error;

    public ProtocolException(ProtocolError error, String reason) {
        this(error, reason, null);
    }

    public ProtocolException(ProtocolError error, String reason, Throwable cause) {
        super(error + ": " + reason, cause, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** What kind of violation this is. */
    public ProtocolError error() {
        return error;
    }
}

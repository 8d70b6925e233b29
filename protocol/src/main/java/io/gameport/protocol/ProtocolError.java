package io.gameport.protocol;

/**
 * The kinds of frame a peer can send that the protocol rejects. Each kind has a stable
 * {@link #metricName()} so the framework can keep one counter per kind.
 */
public enum ProtocolError {
    /** The frame is shorter than {@link MessageHeader#LENGTH}: no message id / request id to read. */
    TRUNCATED_HEADER,
    /** The header names a message id that no registered type carries (0 is never assigned). */
    UNKNOWN_MESSAGE_ID,
    /**
     * The body is not valid Protobuf for the type its id names: truncated or overlong field,
     * invalid wire type or tag, invalid UTF-8 in a string, nesting deeper than the recursion limit.
     */
    MALFORMED_BODY,
    /** The frame (or the length a peer announced for it) exceeds the configured maximum. */
    FRAME_TOO_LARGE;

    private final String metricName = "protocol.error." + name().toLowerCase(java.util.Locale.ROOT);

    /** Counter name for this kind, e.g. {@code protocol.error.malformed_body}. */
    public String metricName() {
        return metricName;
    }
}

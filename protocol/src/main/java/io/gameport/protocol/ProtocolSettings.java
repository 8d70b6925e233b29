package io.gameport.protocol;

/**
 * Limits of the protocol peers speak, applied by the codecs to what they decode and encode.
 * Immutable; validated on construction. A game server has one maximum frame size, this one: its
 * transport refuses a longer frame header with it, its codec with it refuses to encode a longer
 * reply (the peer would refuse it).
 *
 * @param maxFrameBytes largest frame payload (header and body, length prefix excluded) accepted
 *     from or sent to a peer; also the most a peer can make the server buffer for one frame
 * @param recursionLimit deepest nesting of Protobuf messages accepted in a body; bounds the
 *     parser's stack use, which a peer could otherwise drive with deeply nested fields
 */
public record ProtocolSettings(int maxFrameBytes, int recursionLimit) {
    /**
     * 64 KiB: far above any game message, small enough that 10k sessions cannot exhaust memory. The
     * one default maximum frame size of Gameport (a raw transport that wants larger frames says so).
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    /** Gameport's own messages nest at most 2 deep; Protobuf's default is 100. */
    public static final int DEFAULT_RECURSION_LIMIT = 32;

    public ProtocolSettings {
        if (maxFrameBytes < MessageHeader.LENGTH) {
            throw new IllegalArgumentException("ProtocolSettings.maxFrameBytes must be >= " + MessageHeader.LENGTH
                + " (the message header), was " + maxFrameBytes);
        }
        if (recursionLimit < 1) {
            throw new IllegalArgumentException("ProtocolSettings.recursionLimit must be >= 1, was " + recursionLimit);
        }
    }

    /** 64 KiB frames, Protobuf nesting up to 32 deep. */
    public static ProtocolSettings defaults() {
        return new ProtocolSettings(DEFAULT_MAX_FRAME_BYTES, DEFAULT_RECURSION_LIMIT);
    }

    public ProtocolSettings withMaxFrameBytes(int value) {
        return new ProtocolSettings(value, recursionLimit);
    }

    public ProtocolSettings withRecursionLimit(int value) {
        return new ProtocolSettings(maxFrameBytes, value);
    }
}

package io.gameport.protocol;

/**
 * Limits the codecs apply to what peers send. Immutable; validated on construction.
 *
 * @param maxFrameBytes largest frame payload (header and body, length prefix excluded) accepted
 *     from or sent to a peer; also the most a peer can make the server buffer for one frame
 * @param recursionLimit deepest nesting of Protobuf messages accepted in a body; bounds the
 *     parser's stack use, which a peer could otherwise drive with deeply nested fields
 */
public record ProtocolSettings(int maxFrameBytes, int recursionLimit) {
    /** 64 KiB: far above any game message, small enough that 10k sessions cannot exhaust memory. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    /** Gameport's own messages nest at most 2 deep; Protobuf's default is 100. */
    public static final int DEFAULT_RECURSION_LIMIT = 32;

    public ProtocolSettings {
        if (maxFrameBytes < MessageHeader.LENGTH) {
            throw new IllegalArgumentException("maxFrameBytes must be at least the header length "
                + MessageHeader.LENGTH + ": " + maxFrameBytes);
        }
        if (recursionLimit < 1) {
            throw new IllegalArgumentException("recursionLimit must be positive: " + recursionLimit);
        }
    }

    public static ProtocolSettings defaults() {
        return new ProtocolSettings(DEFAULT_MAX_FRAME_BYTES, DEFAULT_RECURSION_LIMIT);
    }

    public ProtocolSettings withMaxFrameBytes(int bytes) {
        return new ProtocolSettings(bytes, recursionLimit);
    }

    public ProtocolSettings withRecursionLimit(int depth) {
        return new ProtocolSettings(maxFrameBytes, depth);
    }
}

package io.gameport.protocol;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The outer frame: a 4-byte big-endian length L, then L bytes of payload.
 *
 * <pre>
 *  offset 0..3   L, u32 big-endian: payload length (the prefix itself not included)
 *  offset 4..    payload: L bytes; for game messages a {@link MessageHeader} then the Protobuf body
 * </pre>
 *
 * <p>The framework's frame decoder calls {@link #checkLength} on every length prefix
 * <em>before</em> it buffers the payload: that is what keeps a peer from making the server
 * allocate more than {@link ProtocolSettings#maxFrameBytes()} for it. Stateless; any thread.
 */
public final class Frames {
    /** Length of the frame's length prefix. */
    public static final int LENGTH_PREFIX_BYTES = Integer.BYTES;

    private Frames() {
    }

    /**
     * Reads the length prefix at {@code index} (big-endian, whatever the buffer's byte order)
     * and validates it against {@code maxFrameBytes}.
     *
     * @return the payload length, 0..maxFrameBytes
     * @throws ProtocolException {@link ProtocolError#FRAME_TOO_LARGE} when the announced length
     *     exceeds the maximum (lengths of 2^31 and more read as negative ints and are rejected too)
     */
    public static int readLength(ByteBuffer buffer, int index, int maxFrameBytes) throws ProtocolException {
        int raw = buffer.getInt(index);
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            raw = Integer.reverseBytes(raw);
        }
        return checkLength(raw, maxFrameBytes);
    }

    /** Validates a payload length read from the wire as a signed int (see {@link #readLength}). */
    public static int checkLength(int payloadLength, int maxFrameBytes) throws ProtocolException {
        if (payloadLength < 0 || payloadLength > maxFrameBytes) {
            throw new ProtocolException(ProtocolError.FRAME_TOO_LARGE,
                "frame announces " + Integer.toUnsignedString(payloadLength) + " bytes, maximum is " + maxFrameBytes);
        }
        return payloadLength;
    }

    /**
     * Encodes {@code message} as a complete wire frame (length prefix and payload) into a new
     * heap buffer, flipped for reading. The buffer's size is known before encoding, so it is
     * allocated once at its exact size.
     */
    public static <T> ByteBuffer encode(FrameCodec<T> codec, T message) {
        int payloadLength = codec.encodedLength(message);
        ByteBuffer frame = ByteBuffer.allocate(LENGTH_PREFIX_BYTES + payloadLength);
        encode(codec, message, payloadLength, frame);
        return frame.flip();
    }

    /**
     * Encodes {@code message} as a complete wire frame at {@code dst}'s position (for example
     * straight into a connection's send buffer) and advances the position past it.
     *
     * @throws BufferOverflowException if {@code dst} has less room than the frame;
     *     nothing is written then
     */
    public static <T> void encode(FrameCodec<T> codec, T message, ByteBuffer dst) {
        encode(codec, message, codec.encodedLength(message), dst);
    }

    /**
     * Encodes a broadcast once: the returned read-only frame is shared by every send. Each
     * sender must use its own {@link ByteBuffer#duplicate()} (positions are not shared), so
     * the bytes are never copied per recipient and no recipient can alter them.
     */
    public static <T> ByteBuffer encodeShared(FrameCodec<T> codec, T message) {
        return encode(codec, message).asReadOnlyBuffer();
    }

    private static <T> void encode(FrameCodec<T> codec, T message, int payloadLength, ByteBuffer dst) {
        if (dst.remaining() < LENGTH_PREFIX_BYTES + payloadLength) {
            throw new BufferOverflowException();
        }
        int start = dst.position();
        int raw = dst.order() == ByteOrder.BIG_ENDIAN ? payloadLength : Integer.reverseBytes(payloadLength);
        dst.putInt(start, raw);
        dst.position(start + LENGTH_PREFIX_BYTES);
        codec.encode(message, dst);
        if (dst.position() != start + LENGTH_PREFIX_BYTES + payloadLength) {
            throw new IllegalStateException(codec.getClass().getSimpleName() + " wrote "
                + (dst.position() - start - LENGTH_PREFIX_BYTES) + " bytes, announced " + payloadLength);
        }
    }
}

package io.gameport.protocol;

import java.nio.ByteBuffer;

/**
 * Turns a frame's payload (the L bytes after the length prefix, see {@link Frames}) into a
 * message object and back. The framework's dispatch decodes on the way in and encodes on the
 * way out through this one interface, so a codec is replaced by binding another implementation.
 *
 * <p>Implementations are immutable and thread-safe: I/O workers and every dispatch shard share one.
 *
 * @param <T> the message object handed to handlers and accepted for sending
 */
public interface FrameCodec<T> {
    /**
     * Decodes the payload between {@code payload}'s position and limit. The buffer's position
     * and limit are unchanged on return. Never trusts the bytes: anything invalid is a
     * {@link ProtocolException}, no other exception.
     */
    T decode(ByteBuffer payload) throws ProtocolException;

    /** Exact number of bytes {@link #encode} writes for {@code message}: lets callers size buffers and quota up front. */
    int encodedLength(T message);

    /**
     * Writes exactly {@link #encodedLength} bytes at {@code dst}'s position and advances it.
     *
     * @throws java.nio.BufferOverflowException if {@code dst} has less room; nothing is written then
     * @throws IllegalArgumentException if {@code message} cannot be sent (unregistered type, too large)
     */
    void encode(T message, ByteBuffer dst);
}

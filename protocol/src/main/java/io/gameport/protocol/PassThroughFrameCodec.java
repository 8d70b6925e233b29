package io.gameport.protocol;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link FrameCodec} that keeps a frame's bytes as they are: decode hands out the payload
 * buffer itself, encode copies a buffer's remaining bytes. The dispatch echo benchmark uses it
 * to measure the pipeline without Protobuf's cost.
 *
 * <p>Decode allocates nothing and copies nothing, so the returned buffer aliases the caller's
 * frame: it is valid only as long as the caller keeps the frame's bytes. Encode reads the
 * message with absolute gets and leaves its position unchanged. Immutable and thread-safe.
 */
public final class PassThroughFrameCodec implements FrameCodec<ByteBuffer> {
    private final ProtocolSettings settings;

    public PassThroughFrameCodec(ProtocolSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Returns {@code payload} itself (same object, position and limit).
     *
     * @throws ProtocolException {@link ProtocolError#FRAME_TOO_LARGE} above the maximum frame size
     */
    @Override
    public ByteBuffer decode(ByteBuffer payload) throws ProtocolException {
        if (payload.remaining() > settings.maxFrameBytes()) {
            throw new ProtocolException(ProtocolError.FRAME_TOO_LARGE,
                "frame of " + payload.remaining() + " bytes, maximum is " + settings.maxFrameBytes());
        }
        return payload;
    }

    @Override
    public int encodedLength(ByteBuffer message) {
        return message.remaining();
    }

    @Override
    public void encode(ByteBuffer message, ByteBuffer dst) {
        int length = message.remaining();
        if (length > settings.maxFrameBytes()) {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds the maximum of "
                + settings.maxFrameBytes());
        }
        if (dst.remaining() < length) {
            throw new BufferOverflowException();
        }
        dst.put(dst.position(), message, message.position(), length);
        dst.position(dst.position() + length);
    }
}

package io.gameport.session;

import com.google.protobuf.Message;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.FrameCodec;
import io.gameport.protocol.MessageRegistry;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;

/**
 * The {@link MessageEncoder} over the bound {@link FrameCodec}: one heap buffer of the exact
 * payload size per encoding, read-only so no sender can alter bytes other sends share.
 * Immutable and thread-safe.
 */
public final class CodecMessageEncoder implements MessageEncoder {
    private final FrameCodec<Envelope> codec;
    private final MessageRegistry registry;

    @Inject
    public CodecMessageEncoder(FrameCodec<Envelope> codec, MessageRegistry registry) {
        this.codec = codec;
        this.registry = registry;
    }

    @Override
    public ByteBuffer encode(Message message, int requestId) {
        Envelope envelope = new Envelope(registry.idOf(message), requestId, message);
        ByteBuffer payload = ByteBuffer.allocate(codec.encodedLength(envelope));
        codec.encode(envelope, payload);
        return payload.flip().asReadOnlyBuffer();
    }

    @Override
    public int encodedLength(Message message) {
        return codec.encodedLength(new Envelope(registry.idOf(message), 0, message));
    }

    @Override
    public void encodeInto(Message message, int requestId, ByteBuffer dst) {
        codec.encode(new Envelope(registry.idOf(message), requestId, message), dst);
    }
}

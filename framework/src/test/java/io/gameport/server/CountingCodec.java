package io.gameport.server;

import io.gameport.protocol.Envelope;
import io.gameport.protocol.FrameCodec;
import io.gameport.protocol.ProtocolException;
import io.gameport.testing.ServerFixture;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps the real codec and counts encodings per message type: bound through a Guice override. */
final class CountingCodec implements FrameCodec<Envelope> {
    final ConcurrentHashMap<String, AtomicInteger> encodes = new ConcurrentHashMap<>();
    final AtomicInteger decodes = new AtomicInteger();

    @Override
    public Envelope decode(ByteBuffer payload) throws ProtocolException {
        decodes.incrementAndGet();
        return ServerFixture.CODEC.decode(payload);
    }

    @Override
    public int encodedLength(Envelope message) {
        return ServerFixture.CODEC.encodedLength(message);
    }

    @Override
    public void encode(Envelope message, ByteBuffer dst) {
        encodes.computeIfAbsent(message.message().getDescriptorForType().getName(), k -> new AtomicInteger()).incrementAndGet();
        ServerFixture.CODEC.encode(message, dst);
    }

    int encodes(String type) {
        AtomicInteger count = encodes.get(type);
        return count == null ? 0 : count.get();
    }
}

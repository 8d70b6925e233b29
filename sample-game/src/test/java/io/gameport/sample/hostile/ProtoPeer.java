package io.gameport.sample.hostile;

import com.google.protobuf.Message;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.ProtocolException;
import io.gameport.sample.link.SampleProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RawPeer} that speaks the sample game's Protobuf protocol (every sample and framework
 * message), for well-behaved clients and for attackers that mix valid messages with bad ones.
 */
public final class ProtoPeer implements AutoCloseable {

    /** Messages skipped while awaiting one type (ticks, joins) before giving up: a bound, not a timing. */
    private static final int MAX_SKIPPED = 10_000;
    private static final MessageCodec CODEC = SampleProtocol.codec();

    private final RawPeer raw;
    private int nextRequestId = 1;

    public ProtoPeer(RawPeer raw) {
        this.raw = raw;
    }

    public RawPeer raw() {
        return raw;
    }

    /** Sends {@code message} as a request with a fresh request id. */
    public ProtoPeer request(Message message) throws IOException {
        return send(message, nextRequestId++);
    }

    /** Sends {@code message} with any request id (0: not a request). */
    public ProtoPeer send(Message message, int requestId) throws IOException {
        ByteBuffer payload = CODEC.encode(message, requestId);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        raw.send(Frames.frame(bytes));
        return this;
    }

    /** The frame payload {@code message} encodes to: a 6-byte message header and the Protobuf body. */
    public static byte[] payload(Message message, int requestId) {
        ByteBuffer payload = CODEC.encode(message, requestId);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return bytes;
    }

    /** A frame payload with this message id and request id and any body bytes (valid or not). */
    public static byte[] payload(int messageId, int requestId, byte[] body) {
        return ByteBuffer.allocate(6 + body.length).putShort((short) messageId).putInt(requestId).put(body).array();
    }

    /** The next decoded message, whatever its type. */
    public Envelope next() throws IOException {
        byte[] frame = raw.readFrame();
        try {
            return CODEC.decode(ByteBuffer.wrap(frame));
        } catch (ProtocolException e) {
            throw new AssertionError("the server sent a frame that does not decode: " + e.getMessage(), e);
        }
    }

    /** The next message of {@code type}, skipping others (bounded in count; each read bounded in time). */
    public <T extends Message> T await(Class<T> type) throws IOException {
        for (int skipped = 0; skipped <= MAX_SKIPPED; skipped++) {
            Message message = next().message();
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " among " + MAX_SKIPPED + " messages");
    }

    /** Sends a request and awaits the answer of {@code type}. */
    public <T extends Message> T call(Message request, Class<T> type) throws IOException {
        request(request);
        return await(type);
    }

    /**
     * Reads and decodes every frame until the server ends the connection (end of stream or
     * reset) or {@code bound} passes, and returns the messages in order: what the server said
     * before it closed, e.g. a final Disconnect. Bounded in count by {@link #MAX_SKIPPED}.
     */
    public List<Message> drainUntilEnd(Duration bound) throws IOException {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + bound.toNanos();
        while (received.size() < MAX_SKIPPED && System.nanoTime() < deadline) {
            byte[] header = raw.readUpTo(Frames.HEADER_BYTES, deadline);
            if (header == null) {
                return received;
            }
            int length = ByteBuffer.wrap(header).getInt();
            byte[] payload = raw.readUpTo(length, deadline);
            if (payload == null) {
                return received;
            }
            try {
                received.add(CODEC.decode(ByteBuffer.wrap(payload)).message());
            } catch (ProtocolException e) {
                throw new AssertionError("the server sent a frame that does not decode: " + e.getMessage(), e);
            }
        }
        throw new AssertionError("the connection did not end within " + bound.toSeconds() + " s or "
                + MAX_SKIPPED + " messages; last: " + (received.isEmpty() ? "none" : received.get(received.size() - 1)));
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}

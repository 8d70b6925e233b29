package io.gameport.session;

import com.google.protobuf.Message;
import java.nio.ByteBuffer;

/**
 * Turns an outbound Protobuf message into a frame payload (header and body, no length prefix).
 * The returned buffer is never modified afterwards, so one encoding may be handed to
 * {@link io.gameport.net.Connection#send} of many connections: that is how a broadcast is
 * encoded once. Thread-safe: shards, timers and game threads share one.
 */
public interface MessageEncoder {

    /**
     * @param requestId the request this message answers, or {@link io.gameport.protocol.MessageHeader#NO_REQUEST}
     * @throws IllegalArgumentException if the message's type is not registered or it is too large to send
     */
    ByteBuffer encode(Message message, int requestId);

    /** Payload length {@link #encodeInto} writes for {@code message}. */
    int encodedLength(Message message);

    /**
     * Writes the payload at {@code dst}'s position and advances it by {@link #encodedLength}: how
     * a shard encodes a single send into its reusable scratch buffer without allocating.
     *
     * @throws java.nio.BufferOverflowException if {@code dst} has less room; nothing is written then
     */
    void encodeInto(Message message, int requestId, ByteBuffer dst);
}

package io.gameport.session;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.messages.Ack;
import java.nio.ByteBuffer;

/**
 * The {@code Ack} frame, written and read by hand for its usual shape (one varint field) because
 * an ack goes out every few frames of every resumable session: no builder, no parser, no garbage.
 * Anything else that is a valid {@code Ack} still parses through Protobuf.
 */
final class AckFrames {

    private AckFrames() {
    }

    /** {@code Ack{received}} written by hand into {@code buffer}: header, then field 1 as a varint. */
    static ByteBuffer encode(ByteBuffer buffer, long received) {
        buffer.putShort((short) Resumption.ACK_ID).putInt(MessageHeader.NO_REQUEST);
        if (received != 0) {
            buffer.put((byte) 0x08);
            long v = received;
            while ((v & ~0x7FL) != 0) {
                buffer.put((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buffer.put((byte) v);
        }
        return buffer.flip();
    }

    /** The count of an {@code Ack} payload, read by hand for the usual shape; -1 when it does not parse. */
    static long count(ByteBuffer payload) {
        int start = payload.position() + MessageHeader.LENGTH;
        int end = payload.limit();
        if (start == end) {
            return 0;
        }
        if (payload.get(start) == 0x08) {
            long value = 0;
            int shift = 0;
            for (int i = start + 1; i < end && shift < 64; i++, shift += 7) {
                byte b = payload.get(i);
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return i + 1 == end ? value : parsedAck(payload, start);
                }
            }
            return -1;
        }
        return parsedAck(payload, start);
    }

    private static long parsedAck(ByteBuffer payload, int start) {
        try {
            return Ack.parseFrom(payload.duplicate().position(start)).getReceived();
        } catch (InvalidProtocolBufferException e) {
            return -1;
        }
    }
}

package io.gameport.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The message header at the start of every frame's payload, and a flyweight over it.
 *
 * <pre>
 *  offset  0               1               2               3               4               5
 *         +---------------+---------------+---------------+---------------+---------------+---------------+
 *         |  message id (u16, big-endian) |           request id (u32, big-endian)                        |
 *         +---------------+---------------+---------------+---------------+---------------+---------------+
 *  offset 6: Protobuf body, up to the end of the frame (may be empty)
 * </pre>
 *
 * <p>Message ids are 1..65535 ({@link #MAX_MESSAGE_ID}); 0 is never assigned, so an all-zero
 * header is always an unknown id. The request id is an unsigned 32-bit number held in a Java
 * {@code int}: 0 means "not a request"; a response carries the request id of the request it
 * answers. Compare request ids with {@code ==}; print them with {@link Integer#toUnsignedString}.
 *
 * <p>The static accessors use absolute indexes and never change a buffer's position, so the
 * codec can share them between threads. A {@code MessageHeader} instance is a mutable
 * flyweight: it is owned by one thread at a time, and is valid as long as the wrapped buffer is.
 */
public final class MessageHeader {
    /** Offset of the message id, a big-endian u16. */
    public static final int MESSAGE_ID_OFFSET = 0;
    public static final int MESSAGE_ID_LENGTH = Short.BYTES;
    /** Offset of the request id, a big-endian u32. */
    public static final int REQUEST_ID_OFFSET = MESSAGE_ID_OFFSET + MESSAGE_ID_LENGTH;
    public static final int REQUEST_ID_LENGTH = Integer.BYTES;
    /** Header length: the Protobuf body starts at this offset. */
    public static final int LENGTH = REQUEST_ID_OFFSET + REQUEST_ID_LENGTH;

    /** Highest message id the u16 field can hold. */
    public static final int MAX_MESSAGE_ID = 0xFFFF;
    /** Request id meaning "not a request; no response is routed back". */
    public static final int NO_REQUEST = 0;

    private ByteBuffer buffer;
    private int offset;

    /** Points this flyweight at the header starting at {@code offset} of {@code buffer}. */
    public MessageHeader wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int messageId() {
        return messageId(buffer, offset);
    }

    public MessageHeader messageId(int messageId) {
        putMessageId(buffer, offset, messageId);
        return this;
    }

    public int requestId() {
        return requestId(buffer, offset);
    }

    public MessageHeader requestId(int requestId) {
        putRequestId(buffer, offset, requestId);
        return this;
    }

    /** Reads the u16 message id of the header at {@code offset}; ByteBuffer's default order is big-endian. */
    public static int messageId(ByteBuffer buffer, int offset) {
        return buffer.order() == ByteOrder.BIG_ENDIAN
            ? Short.toUnsignedInt(buffer.getShort(offset + MESSAGE_ID_OFFSET))
            : Short.toUnsignedInt(Short.reverseBytes(buffer.getShort(offset + MESSAGE_ID_OFFSET)));
    }

    public static int requestId(ByteBuffer buffer, int offset) {
        int raw = buffer.getInt(offset + REQUEST_ID_OFFSET);
        return buffer.order() == ByteOrder.BIG_ENDIAN ? raw : Integer.reverseBytes(raw);
    }

    /** Writes {@code messageId} (1..{@link #MAX_MESSAGE_ID}) big-endian at {@code offset}. */
    public static void putMessageId(ByteBuffer buffer, int offset, int messageId) {
        if (messageId < 1 || messageId > MAX_MESSAGE_ID) {
            throw new IllegalArgumentException("message id out of range 1.." + MAX_MESSAGE_ID + ": " + messageId);
        }
        short raw = (short) messageId;
        buffer.putShort(offset + MESSAGE_ID_OFFSET,
            buffer.order() == ByteOrder.BIG_ENDIAN ? raw : Short.reverseBytes(raw));
    }

    public static void putRequestId(ByteBuffer buffer, int offset, int requestId) {
        buffer.putInt(offset + REQUEST_ID_OFFSET,
            buffer.order() == ByteOrder.BIG_ENDIAN ? requestId : Integer.reverseBytes(requestId));
    }
}

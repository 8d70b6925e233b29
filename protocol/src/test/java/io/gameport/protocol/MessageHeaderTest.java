package io.gameport.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MessageHeaderTest {
    @Test
    void offsetsMatchTheDocumentedLayout() {
        assertEquals(0, MessageHeader.MESSAGE_ID_OFFSET);
        assertEquals(2, MessageHeader.MESSAGE_ID_LENGTH);
        assertEquals(2, MessageHeader.REQUEST_ID_OFFSET);
        assertEquals(4, MessageHeader.REQUEST_ID_LENGTH);
        assertEquals(6, MessageHeader.LENGTH);
        assertEquals(65_535, MessageHeader.MAX_MESSAGE_ID);
        assertEquals(4, Frames.LENGTH_PREFIX_BYTES);
    }

    @Test
    void writesIdsBigEndianByteByByte() {
        ByteBuffer buffer = ByteBuffer.allocate(8);
        new MessageHeader().wrap(buffer, 1).messageId(0xBEEF).requestId(0x01020304);
        assertArrayEquals(new byte[] {0, (byte) 0xBE, (byte) 0xEF, 1, 2, 3, 4, 0}, buffer.array());
    }

    @Test
    void writesBigEndianEvenWhenTheBufferIsLittleEndian() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(6).order(ByteOrder.LITTLE_ENDIAN);
        MessageHeader header = new MessageHeader().wrap(buffer, 0).messageId(0x0102).requestId(0x0A0B0C0D);
        byte[] bytes = new byte[6];
        buffer.get(0, bytes);
        assertArrayEquals(new byte[] {1, 2, 0x0A, 0x0B, 0x0C, 0x0D}, bytes);
        assertEquals(0x0102, header.messageId());
        assertEquals(0x0A0B0C0D, header.requestId());
    }

    @Test
    void readsTheFullUnsignedRangeOfBothFields() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE});
        assertEquals(65_535, MessageHeader.messageId(buffer, 0));
        assertEquals("4294967294", Integer.toUnsignedString(MessageHeader.requestId(buffer, 0)));
    }

    @Test
    void rejectsMessageIdsOutsideOneToMax() {
        ByteBuffer buffer = ByteBuffer.allocate(6);
        assertThrows(IllegalArgumentException.class, () -> MessageHeader.putMessageId(buffer, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MessageHeader.putMessageId(buffer, 0, 65_536));
        assertThrows(IllegalArgumentException.class, () -> MessageHeader.putMessageId(buffer, 0, -1));
    }
}

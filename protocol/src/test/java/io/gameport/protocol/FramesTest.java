package io.gameport.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class FramesTest {
    private final PassThroughFrameCodec passThrough = new PassThroughFrameCodec(ProtocolSettings.defaults());

    @Test
    void acceptsLengthsUpToTheMaximum() throws ProtocolException {
        ByteBuffer prefix = ByteBuffer.allocate(4).putInt(0, 1024);
        assertEquals(1024, Frames.readLength(prefix, 0, 1024));
        assertEquals(0, Frames.checkLength(0, 1024));
    }

    @Test
    void rejectsAnnouncedLengthsAboveTheMaximumBeforeAnythingIsBuffered() {
        ProtocolException tooLarge = assertThrows(ProtocolException.class,
            () -> Frames.readLength(ByteBuffer.allocate(4).putInt(0, 1025), 0, 1024));
        assertEquals(ProtocolError.FRAME_TOO_LARGE, tooLarge.error());
        // 0x80000000 and above read as negative ints: still "too large", shown unsigned.
        ProtocolException huge = assertThrows(ProtocolException.class,
            () -> Frames.readLength(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}), 0, 1024));
        assertEquals(ProtocolError.FRAME_TOO_LARGE, huge.error());
        assertTrue(huge.getMessage().contains("4294967295"), huge.getMessage());
    }

    @Test
    void readsThePrefixBigEndianWhateverTheBufferOrder() throws ProtocolException {
        ByteBuffer little = ByteBuffer.wrap(new byte[] {0, 0, 1, 2}).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x0102, Frames.readLength(little, 0, 65_536));
    }

    @Test
    void encodesALengthPrefixedFrame() {
        ByteBuffer frame = Frames.encode(passThrough, ByteBuffer.wrap(new byte[] {7, 8, 9}));
        assertEquals(0, frame.position());
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        assertArrayEquals(new byte[] {0, 0, 0, 3, 7, 8, 9}, bytes);
    }

    @Test
    void encodesIntoACallerBufferAfterWhatIsAlreadyThere() {
        ByteBuffer dst = ByteBuffer.allocate(16).put((byte) 42);
        Frames.encode(passThrough, ByteBuffer.wrap(new byte[] {5}), dst);
        assertEquals(6, dst.position());
        assertArrayEquals(new byte[] {42, 0, 0, 0, 1, 5}, java.util.Arrays.copyOf(dst.array(), 6));
    }

    @Test
    void writesNothingWhenTheCallerBufferIsTooSmall() {
        ByteBuffer dst = ByteBuffer.allocate(6);
        assertThrows(BufferOverflowException.class, () -> Frames.encode(passThrough, ByteBuffer.allocate(3), dst));
        assertEquals(0, dst.position());
        assertArrayEquals(new byte[6], dst.array());
    }

    @Test
    void sharedFramesAreReadOnly() {
        ByteBuffer shared = Frames.encodeShared(passThrough, ByteBuffer.wrap(new byte[] {1, 2}));
        assertTrue(shared.isReadOnly());
        assertEquals(6, shared.remaining());
        assertThrows(ReadOnlyBufferException.class, () -> shared.put(0, (byte) 9));
    }
}

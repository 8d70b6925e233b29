package io.gameport.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PassThroughFrameCodecTest {
    private final PassThroughFrameCodec codec = new PassThroughFrameCodec(ProtocolSettings.defaults().withMaxFrameBytes(8));

    @Test
    void decodeHandsBackTheFrameItselfWithoutCopying() throws ProtocolException {
        ByteBuffer frame = ByteBuffer.wrap(new byte[] {1, 2, 3, 4}).position(1);
        ByteBuffer decoded = codec.decode(frame);
        assertSame(frame, decoded);
        assertEquals(1, decoded.position());
        assertEquals(3, decoded.remaining());
    }

    @Test
    void acceptsEmptyFramesAndAnyBytes() throws ProtocolException {
        assertEquals(0, codec.decode(ByteBuffer.allocate(0)).remaining());
        assertEquals(8, codec.decode(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 0})).remaining());
    }

    @Test
    void encodeCopiesTheRemainingBytesAndLeavesTheMessageUntouched() {
        ByteBuffer message = ByteBuffer.wrap(new byte[] {9, 8, 7, 6}).position(1);
        ByteBuffer dst = ByteBuffer.allocateDirect(5).put((byte) 1);
        assertEquals(3, codec.encodedLength(message));
        codec.encode(message, dst);
        assertEquals(4, dst.position());
        assertEquals(1, message.position());
        byte[] written = new byte[4];
        dst.get(0, written);
        assertArrayEquals(new byte[] {1, 8, 7, 6}, written);
    }

    @Test
    void rejectsFramesAboveTheMaximum() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(ByteBuffer.allocate(9)));
        assertEquals(ProtocolError.FRAME_TOO_LARGE, e.error());
        assertThrows(IllegalArgumentException.class, () -> codec.encode(ByteBuffer.allocate(9), ByteBuffer.allocate(16)));
    }

    @Test
    void roundTripsThroughALengthPrefixedFrame() throws ProtocolException {
        ByteBuffer frame = Frames.encode(codec, ByteBuffer.wrap(new byte[] {5, 6, 7}));
        int length = Frames.readLength(frame, 0, 8);
        ByteBuffer payload = frame.position(Frames.LENGTH_PREFIX_BYTES);
        assertEquals(3, length);
        assertEquals(ByteBuffer.wrap(new byte[] {5, 6, 7}), codec.decode(payload));
    }
}

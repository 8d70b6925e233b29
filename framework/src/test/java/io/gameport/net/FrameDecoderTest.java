package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private final List<byte[]> frames = new ArrayList<>();
    private final List<CloseReason> failures = new ArrayList<>();
    private final FrameDecoder.Sink sink = new FrameDecoder.Sink() {
        @Override
        public boolean onFrame(ByteBuffer payload) {
            byte[] copy = new byte[payload.remaining()];
            payload.duplicate().get(copy);
            frames.add(copy);
            return true;
        }

        @Override
        public void onMalformed(CloseReason reason, long announcedLength) {
            failures.add(reason);
        }
    };

    private static byte[] stream(List<byte[]> payloads) {
        ByteBuffer buffer = ByteBuffer.allocate(payloads.stream().mapToInt(p -> p.length + 4).sum());
        for (byte[] p : payloads) {
            buffer.putInt(p.length).put(p);
        }
        return buffer.array();
    }

    @Test
    void everySplitOfTheStreamYieldsTheSameFrames() {
        Random random = new Random(42);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] p = new byte[random.nextInt(300)];
            random.nextBytes(p);
            payloads.add(p);
        }
        byte[] bytes = stream(payloads);
        for (int trial = 0; trial < 200; trial++) {
            frames.clear();
            FrameDecoder decoder = new FrameDecoder(1024);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(trial % 3 == 0 ? 3 : 700));
                decoder.decode(ByteBuffer.wrap(bytes, at, n).slice(), sink);
                at += n;
            }
            assertEquals(payloads.size(), frames.size());
            for (int i = 0; i < payloads.size(); i++) {
                assertArrayEquals(payloads.get(i), frames.get(i));
            }
            assertFalse(decoder.midFrame());
        }
        assertTrue(failures.isEmpty());
    }

    @Test
    void lengthAboveMaximumIsRejectedBeforeAnyPayloadIsBuffered() {
        FrameDecoder decoder = new FrameDecoder(100);
        decoder.decode(ByteBuffer.allocate(4).putInt(0, 101), sink);
        assertEquals(List.of(CloseReason.FRAME_TOO_LARGE), failures);
        assertTrue(frames.isEmpty());
    }

    @Test
    void negativeLengthIsRejected() {
        FrameDecoder decoder = new FrameDecoder(100);
        decoder.decode(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0, 0, 0}), sink);
        assertEquals(List.of(CloseReason.NEGATIVE_FRAME_LENGTH), failures);
    }

    @Test
    void zeroLengthFramesAreDelivered() {
        FrameDecoder decoder = new FrameDecoder(100);
        decoder.decode(ByteBuffer.wrap(new byte[8]), sink);
        assertEquals(2, frames.size());
        assertEquals(0, frames.get(0).length);
    }

    @Test
    void partialHeaderAndPayloadAreReportedAsMidFrame() {
        FrameDecoder decoder = new FrameDecoder(100);
        decoder.decode(ByteBuffer.wrap(new byte[] {0, 0}), sink);
        assertTrue(decoder.midFrame());
        decoder.decode(ByteBuffer.wrap(new byte[] {0, 10, 1, 2}), sink);
        assertTrue(decoder.midFrame());
        assertEquals("2 of 10 payload bytes", decoder.progress());
    }

    @Test
    void sinkCanStopDecodingWhenItsConnectionCloses() {
        FrameDecoder decoder = new FrameDecoder(100);
        List<Integer> seen = new ArrayList<>();
        decoder.decode(ByteBuffer.wrap(stream(List.of(new byte[1], new byte[2], new byte[3]))), new FrameDecoder.Sink() {
            @Override
            public boolean onFrame(ByteBuffer payload) {
                seen.add(payload.remaining());
                return seen.size() < 2;
            }

            @Override
            public void onMalformed(CloseReason reason, long announcedLength) {
            }
        });
        assertEquals(List.of(1, 2), seen);
    }
}

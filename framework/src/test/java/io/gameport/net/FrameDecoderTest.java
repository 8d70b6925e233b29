package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
            FrameDecoder decoder = new FrameDecoder(1024, PartialFrameBudget.unlimited());
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
        FrameDecoder decoder = new FrameDecoder(100, PartialFrameBudget.unlimited());
        decoder.decode(ByteBuffer.allocate(4).putInt(0, 101), sink);
        assertEquals(List.of(CloseReason.FRAME_TOO_LARGE), failures);
        assertTrue(frames.isEmpty());
    }

    @Test
    void negativeLengthIsRejected() {
        FrameDecoder decoder = new FrameDecoder(100, PartialFrameBudget.unlimited());
        decoder.decode(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0, 0, 0}), sink);
        assertEquals(List.of(CloseReason.NEGATIVE_FRAME_LENGTH), failures);
    }

    @Test
    void zeroLengthFramesAreDelivered() {
        FrameDecoder decoder = new FrameDecoder(100, PartialFrameBudget.unlimited());
        decoder.decode(ByteBuffer.wrap(new byte[8]), sink);
        assertEquals(2, frames.size());
        assertEquals(0, frames.get(0).length);
    }

    @Test
    void partialHeaderAndPayloadAreReportedAsMidFrame() {
        FrameDecoder decoder = new FrameDecoder(100, PartialFrameBudget.unlimited());
        decoder.decode(ByteBuffer.wrap(new byte[] {0, 0}), sink);
        assertTrue(decoder.midFrame());
        decoder.decode(ByteBuffer.wrap(new byte[] {0, 10, 1, 2}), sink);
        assertTrue(decoder.midFrame());
        assertEquals("2 of 10 payload bytes", decoder.progress());
    }

    @Test
    void sinkCanStopDecodingWhenItsConnectionCloses() {
        FrameDecoder decoder = new FrameDecoder(100, PartialFrameBudget.unlimited());
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

    @Test
    void partialFrameHoldsMemoryInProportionToBytesReceivedNotToTheAnnouncedLength() {
        PartialFrameBudget budget = new PartialFrameBudget(Long.MAX_VALUE);
        FrameDecoder decoder = new FrameDecoder(1 << 20, budget);
        decoder.decode(ByteBuffer.wrap(new byte[] {0, 0x10, 0, 0, 7}), sink);
        assertEquals(FrameDecoder.FIRST_ASSEMBLY_BYTES, decoder.heldBytes(), "five bytes announcing 1 MiB hold the first small buffer");
        assertEquals(decoder.heldBytes(), budget.heldBytes());

        byte[] payload = new byte[1 << 20];
        new Random(7).nextBytes(payload);
        payload[0] = 7;
        int received = 1;
        while (received < payload.length) {
            int n = Math.min(1000, payload.length - received);
            decoder.decode(ByteBuffer.wrap(payload, received, n).slice(), sink);
            received += n;
            if (received < payload.length) {
                assertTrue(decoder.heldBytes() <= Math.max(FrameDecoder.FIRST_ASSEMBLY_BYTES, 2 * received),
                        "held " + decoder.heldBytes() + " after " + received + " bytes");
                assertEquals(decoder.heldBytes(), budget.heldBytes());
            }
        }
        assertEquals(1, frames.size());
        assertArrayEquals(payload, frames.get(0));
        assertEquals(0, budget.heldBytes(), "a completed frame returns its bytes to the budget");
    }

    @Test
    void resetReturnsAPartialFramesBytesToTheBudget() {
        PartialFrameBudget budget = new PartialFrameBudget(Long.MAX_VALUE);
        FrameDecoder decoder = new FrameDecoder(1 << 20, budget);
        decoder.decode(ByteBuffer.allocate(4 + 10_000).putInt(0, 50_000), sink);
        assertEquals(10_000, budget.heldBytes());
        decoder.reset();
        decoder.reset();
        assertEquals(0, budget.heldBytes());
        assertEquals(0, decoder.heldBytes());
    }

    @Test
    void framesInsideOneReceiveAreHandedOutInPlace() {
        ByteBuffer chunk = ByteBuffer.wrap(stream(List.of(new byte[] {1, 2}, new byte[] {3})));
        List<ByteBuffer> handed = new ArrayList<>();
        new FrameDecoder(100, PartialFrameBudget.unlimited()).decode(chunk, new FrameDecoder.Sink() {
            @Override
            public boolean onFrame(ByteBuffer payload) {
                handed.add(payload);
                return true;
            }

            @Override
            public void onMalformed(CloseReason reason, long announcedLength) {
                failures.add(reason);
            }
        });
        assertEquals(2, handed.size());
        assertTrue(handed.get(0) == chunk && handed.get(1) == chunk, "the chunk itself, no copy");
    }

    @Test
    void handlerThatChangesTheByteOrderDoesNotChangeHowTheNextHeaderIsRead() {
        FrameDecoder decoder = new FrameDecoder(100, PartialFrameBudget.unlimited());
        List<Integer> lengths = new ArrayList<>();
        decoder.decode(ByteBuffer.wrap(stream(List.of(new byte[] {1, 2}, new byte[] {3, 4, 5}, new byte[] {6}))), new FrameDecoder.Sink() {
            @Override
            public boolean onFrame(ByteBuffer payload) {
                lengths.add(payload.remaining());
                payload.order(ByteOrder.LITTLE_ENDIAN);
                return true;
            }

            @Override
            public void onMalformed(CloseReason reason, long announcedLength) {
                failures.add(reason);
            }
        });
        assertEquals(List.of(), failures);
        assertEquals(List.of(2, 3, 1), lengths);
    }
}

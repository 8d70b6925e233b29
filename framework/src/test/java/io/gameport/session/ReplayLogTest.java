package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplayLogTest {

    @Test
    void keepsACopySoTheSendersBufferMayChangeAfterAppend() {
        ReplayLog log = new ReplayLog();
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
        log.append(payload);
        assertEquals(0, payload.position(), "the payload is left as it was");
        payload.put(0, (byte) 9);
        assertArrayEquals(new byte[] {1, 2, 3}, kept(log).get(0));
    }

    @Test
    void handsFramesAfterANumberInOrderAndForgetsAcknowledgedOnes() {
        ReplayLog log = new ReplayLog();
        for (int i = 1; i <= 5; i++) {
            log.append(frame(i, 10));
        }
        List<byte[]> after3 = new ArrayList<>();
        log.forEachAfter(3, f -> after3.add(bytes(f)));
        assertEquals(2, after3.size());
        assertArrayEquals(frame(4, 10).array(), after3.get(0));
        assertArrayEquals(frame(5, 10).array(), after3.get(1));

        assertEquals(2 * (10 + ReplayLog.PREFIX_BYTES), log.acknowledge(2));
        assertEquals(2, log.acknowledged());
        assertEquals(3, log.frames());
        assertEquals(3 * (10 + ReplayLog.PREFIX_BYTES), log.bytes());
        assertArrayEquals(frame(3, 10).array(), kept(log).get(0));
    }

    /**
     * Frames of random sizes appended and acknowledged at random, so the log wraps at the array's
     * end, grows while wrapped, and shrinks back when emptied: what it hands out is always exactly
     * what a plain queue of copies holds.
     */
    @Test
    void matchesAQueueOfCopiesThroughWrapsGrowthAndShrinking() {
        SplittableRandom random = new SplittableRandom(7);
        ReplayLog log = new ReplayLog();
        ArrayDeque<byte[]> expected = new ArrayDeque<>();
        boolean grewPastRetained = false;
        boolean shrank = false;
        long number = 0;
        for (int step = 0; step < 200_000; step++) {
            // Phases of mostly appending (a suspension) and mostly acknowledging (a resume).
            boolean suspended = (step / 5_000) % 4 == 3;
            if (random.nextInt(100) < (suspended ? 95 : 55)) {
                int length = random.nextInt(10) == 0 ? random.nextInt(3_000) : random.nextInt(200);
                ByteBuffer payload = frame(++number, length);
                expected.addLast(payload.array().clone());
                log.append(payload);
            } else if (!expected.isEmpty()) {
                int forget = 1 + random.nextInt(Math.min(expected.size(), 40));
                long freed = 0;
                for (int i = 0; i < forget; i++) {
                    freed += expected.removeFirst().length + ReplayLog.PREFIX_BYTES;
                }
                int before = log.capacity();
                assertEquals(freed, log.acknowledge(log.acknowledged() + forget));
                shrank |= log.capacity() < before;
            }
            grewPastRetained |= log.capacity() > ReplayLog.RETAINED_CAPACITY;
            if (step % 997 == 0 || expected.size() < 3) {
                assertSameFrames(expected, log);
            }
        }
        assertTrue(grewPastRetained, "the run never made the log grow past what it retains");
        assertTrue(shrank, "the log never returned to its first size");
    }

    @Test
    void wrapsToTheFrontWhereAcknowledgedFramesLeftRoomAndGrowsOnlyWhenNoneIsLeft() {
        ReplayLog log = new ReplayLog();
        assertEquals(1024, log.capacity());
        log.append(frame(1, 400));
        log.append(frame(2, 400));
        log.acknowledge(1);
        log.append(frame(3, 300)); // 800 + 300 passes the end; 300 fit before frame 2 at 400
        log.append(frame(4, 99)); // 300 + 99 stays below 400
        assertEquals(1024, log.capacity(), "both went to the front");
        log.acknowledge(2);
        log.append(frame(5, 600)); // the oldest is back at the front: after frame 4 there are 625 bytes
        assertEquals(1024, log.capacity(), "the frames after a wrap are laid out as before it");
        assertSameFrames(queue(frame(3, 300), frame(4, 99), frame(5, 600)), log);

        log.acknowledge(5);
        log.append(frame(6, 400));
        log.append(frame(7, 400));
        log.acknowledge(6);
        log.append(frame(8, 404)); // 4 bytes more than the 400 before frame 7: no room at the front
        assertEquals(2048, log.capacity());
        assertSameFrames(queue(frame(7, 400), frame(8, 404)), log);
    }

    @Test
    void aFrameAfterAWrapThatWouldReachTheOldestMovesEveryFrameToALargerArray() {
        ReplayLog log = new ReplayLog();
        log.append(frame(1, 400));
        log.append(frame(2, 400));
        log.acknowledge(1);
        log.append(frame(3, 390)); // wraps: [0, 390), frame 2 still at [400, 800)
        log.append(frame(4, 12)); // 390 + 12 would reach into frame 2
        assertEquals(2048, log.capacity());
        assertSameFrames(queue(frame(2, 400), frame(3, 390), frame(4, 12)), log);
    }

    @Test
    void returnsToItsFirstSizeOnlyWhenEmptiedAfterHoldingMoreThanItRetains() {
        ReplayLog log = new ReplayLog();
        log.append(frame(1, ReplayLog.RETAINED_CAPACITY));
        log.append(frame(2, 10));
        int grown = log.capacity();
        assertTrue(grown > ReplayLog.RETAINED_CAPACITY);
        log.acknowledge(1);
        assertEquals(grown, log.capacity(), "a frame is still kept");
        log.acknowledge(2);
        assertEquals(ReplayLog.INITIAL_CAPACITY, log.capacity());
    }

    @Test
    void clearForgetsEverythingAndReturnsTheBytesKept() {
        ReplayLog log = new ReplayLog();
        log.append(frame(1, 100));
        log.append(frame(2, 0));
        assertEquals(100 + 2 * ReplayLog.PREFIX_BYTES, log.clear());
        assertEquals(0, log.frames());
        assertEquals(0, log.bytes());
        assertEquals(2, log.acknowledged());
        log.append(frame(3, 5));
        assertArrayEquals(frame(3, 5).array(), kept(log).get(0));
    }

    private static void assertSameFrames(ArrayDeque<byte[]> expected, ReplayLog log) {
        List<byte[]> actual = kept(log);
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.size(), log.frames());
        long bytes = 0;
        int i = 0;
        for (byte[] e : expected) {
            assertArrayEquals(e, actual.get(i++));
            bytes += e.length + ReplayLog.PREFIX_BYTES;
        }
        assertEquals(bytes, log.bytes());
    }

    private static ArrayDeque<byte[]> queue(ByteBuffer... frames) {
        ArrayDeque<byte[]> queue = new ArrayDeque<>();
        for (ByteBuffer f : frames) {
            queue.add(f.array());
        }
        return queue;
    }

    private static List<byte[]> kept(ReplayLog log) {
        List<byte[]> frames = new ArrayList<>();
        log.forEach(f -> frames.add(bytes(f)));
        return frames;
    }

    private static byte[] bytes(ByteBuffer frame) {
        byte[] copy = new byte[frame.remaining()];
        frame.duplicate().get(copy);
        return copy;
    }

    /** A frame whose every byte derives from its number, so a frame handed out in the wrong place shows. */
    private static ByteBuffer frame(long number, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (number * 31 + i);
        }
        return ByteBuffer.wrap(b);
    }
}

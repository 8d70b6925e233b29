package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetainedBuffersTest {

    @Test
    void aBroadcastToMoreConnectionsThanTheFloorReusesEveryBufferTheNextTime() {
        RetainedBuffers<Object> pool = new RetainedBuffers<>(4);
        List<Object> first = takeAll(pool, 100);
        first.forEach(pool::give);
        List<Object> second = takeAll(pool, 100);
        Set<Object> reused = Collections.newSetFromMap(new IdentityHashMap<>());
        reused.addAll(first);
        for (Object buffer : second) {
            assertTrue(reused.contains(buffer), "the second broadcast allocated instead of reusing");
        }
    }

    @Test
    void aTrimKeepsWhatThePeriodUsedAtOnceAndTheNextGivesBackTheRest() {
        RetainedBuffers<Object> pool = new RetainedBuffers<>(4);
        takeAll(pool, 100).forEach(pool::give);
        assertEquals(0, pool.trim(), "the period that used 100 at once keeps 100");
        assertEquals(100, pool.freeCount());

        takeAll(pool, 10).forEach(pool::give);
        assertEquals(90, pool.trim(), "a period that used 10 at once leaves 10");
        assertEquals(10, pool.freeCount());

        assertEquals(6, pool.trim(), "a quiet period leaves the floor");
        assertEquals(4, pool.freeCount());
    }

    @Test
    void buffersStillInUseAtATrimCountAgainstWhatItKeeps() {
        RetainedBuffers<Object> pool = new RetainedBuffers<>(0);
        List<Object> taken = takeAll(pool, 50);
        for (int i = 0; i < 20; i++) {
            pool.give(taken.get(i));
        }
        pool.trim();
        assertEquals(20, pool.freeCount(), "50 were in use at once: 30 still out plus 20 free");
        for (int i = 20; i < 50; i++) {
            pool.give(taken.get(i));
        }
        assertEquals(20, pool.trim(), "the new period started with 30 in use and used no more");
        assertEquals(30, pool.freeCount());
    }

    @Test
    void inUsePlusFreeNeverExceedsTheMostInUseAtOnceSinceThePreviousTrim() {
        Random random = new Random(42);
        RetainedBuffers<Object> pool = new RetainedBuffers<>(8);
        ArrayDeque<Object> out = new ArrayDeque<>();
        int peakThisPeriod = 0;
        int peakLastPeriod = 0;
        for (int step = 0; step < 100_000; step++) {
            int action = random.nextInt(100);
            if (action < 50) {
                Object buffer = pool.take();
                out.push(buffer != null ? buffer : new Object());
            } else if (action < 99 && !out.isEmpty()) {
                pool.give(out.pop());
            } else {
                pool.trim();
                peakLastPeriod = peakThisPeriod;
                peakThisPeriod = out.size();
            }
            peakThisPeriod = Math.max(peakThisPeriod, out.size());
            assertEquals(out.size(), pool.inUseCount());
            int bound = Math.max(8, Math.max(peakThisPeriod, peakLastPeriod));
            assertTrue(pool.freeCount() + out.size() <= bound,
                    "step " + step + ": " + pool.freeCount() + " free + " + out.size() + " in use > " + bound);
        }
    }

    @Test
    void aFailedAllocationAfterAnEmptyTakeIsNotCountedInUse() {
        RetainedBuffers<Object> pool = new RetainedBuffers<>(0);
        assertNull(pool.take());
        pool.notTaken();
        assertEquals(0, pool.inUseCount());
    }

    @Test
    void aChunkPoolServingMoreConnectionsThanItsFloorStopsAllocatingAfterTheFirstRound() {
        ChunkPool pool = new ChunkPool(256, 16);
        List<OutboundChunk> chunks = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1_000; i++) {
                chunks.add(pool.take());
            }
            chunks.forEach(pool::give);
            chunks.clear();
        }
        assertEquals(1_000, pool.allocatedCount());
    }

    @Test
    void tlsSendBuffersForMoreConnectionsThanTheFloorAreAllocatedOnce() {
        TlsBuffers buffers = new TlsBuffers(64, 64, 1);
        int connections = TlsBuffers.RETAINED_FLOOR * 3;
        List<ByteBuffer> taken = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < connections; i++) {
                ByteBuffer buffer = buffers.take();
                assertNotNull(buffer);
                assertEquals(0, buffer.position(), "a reused buffer comes back cleared");
                buffer.put((byte) 1);
                taken.add(buffer);
            }
            taken.forEach(buffers::give);
            taken.clear();
        }
        assertEquals(connections, buffers.allocatedCount());
    }

    @Test
    void aHeapBufferGrownForAHandshakeIsNeverPooled() {
        TlsBuffers buffers = new TlsBuffers(64, 64, 1);
        ByteBuffer pooled = buffers.take();
        buffers.give(pooled);
        buffers.give(ByteBuffer.allocate(64));
        assertEquals(1, buffers.retainedCount());
        assertSame(pooled, buffers.take());
    }

    private static List<Object> takeAll(RetainedBuffers<Object> pool, int count) {
        List<Object> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object buffer = pool.take();
            taken.add(buffer != null ? buffer : new Object());
        }
        return taken;
    }
}

package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CopiedEncodeScratchTest {

    @Test
    void aThreadGetsItsOwnBufferBackClearedAndGrown() throws Exception {
        ByteBuffer first = CopiedEncodeScratch.take(100);
        first.put(new byte[60]);
        ByteBuffer again = CopiedEncodeScratch.take(100);
        assertSame(first, again, "kept for the thread");
        assertEquals(0, again.position(), "cleared");
        assertTrue(again.remaining() >= 100);

        ByteBuffer grown = CopiedEncodeScratch.take(5_000);
        assertTrue(grown.remaining() >= 5_000);
        assertSame(grown, CopiedEncodeScratch.take(10), "the grown buffer is the one kept");

        CompletableFuture<ByteBuffer> other = new CompletableFuture<>();
        Thread thread = new Thread(() -> other.complete(CopiedEncodeScratch.take(10)));
        thread.start();
        assertNotSame(grown, other.get(10, TimeUnit.SECONDS), "each thread its own");
    }

    @Test
    void aMessageLargerThanTheCapGetsABufferOfItsOwnAndTheKeptOneStaysUnderTheCap() {
        ByteBuffer kept = CopiedEncodeScratch.take(CopiedEncodeScratch.MAX_KEPT_BYTES - 1);
        ByteBuffer large = CopiedEncodeScratch.take(CopiedEncodeScratch.MAX_KEPT_BYTES + 1);
        assertTrue(large.remaining() >= CopiedEncodeScratch.MAX_KEPT_BYTES + 1);
        assertNotSame(kept, large);
        assertNotSame(large, CopiedEncodeScratch.take(CopiedEncodeScratch.MAX_KEPT_BYTES + 1), "not kept");
        ByteBuffer afterwards = CopiedEncodeScratch.take(10);
        assertSame(kept, afterwards, "the thread still keeps the buffer under the cap");
        assertTrue(afterwards.capacity() <= CopiedEncodeScratch.MAX_KEPT_BYTES);
    }

    @Test
    void onAShardTheShardsScratchIsUsed() throws Exception {
        CompletableFuture<Boolean> same = new CompletableFuture<>();
        BatchedSendThread[] self = new BatchedSendThread[1];
        self[0] = new BatchedSendThread(() -> same.complete(CopiedEncodeScratch.take(50) == self[0].scratch(50)), "test-shard") {
        };
        self[0].start();
        assertTrue(same.get(10, TimeUnit.SECONDS), "the shard's own scratch");
    }
}

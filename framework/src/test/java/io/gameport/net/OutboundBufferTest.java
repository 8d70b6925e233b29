package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutboundBufferTest {

    /** Drains the buffer as a kernel would that takes at most {@code limit} bytes per send. */
    private static int sendAll(OutboundBuffer outbound, ByteArrayOutputStream wire, Random random, int limit) {
        int frames = 0;
        while (!outbound.isEmpty()) {
            ByteBuffer[] gather = outbound.prepareSend();
            int budget = 1 + random.nextInt(limit);
            int taken = 0;
            for (int i = 0; i < outbound.gatherCount() && taken < budget; i++) {
                ByteBuffer view = gather[i].duplicate();
                int n = Math.min(view.remaining(), budget - taken);
                byte[] bytes = new byte[n];
                view.get(bytes);
                wire.write(bytes, 0, n);
                taken += n;
            }
            frames += outbound.onSent(taken);
        }
        return frames;
    }

    @Test
    void partialSendsDeliverEveryByteInOrderAndCountEachFrameOnce() {
        Random random = new Random(7);
        ChunkPool pool = new ChunkPool(256, 64);
        OutboundBuffer outbound = new OutboundBuffer(pool);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int framesDone = 0;
        for (int round = 0; round < 50; round++) {
            int count = 1 + random.nextInt(20);
            for (int i = 0; i < count; i++) {
                byte[] payload = new byte[random.nextInt(700)];
                random.nextBytes(payload);
                outbound.appendFrame(ByteBuffer.wrap(payload), 0, payload.length);
                expected.write(payload.length >>> 24);
                expected.write(payload.length >>> 16);
                expected.write(payload.length >>> 8);
                expected.write(payload.length);
                expected.write(payload, 0, payload.length);
            }
            framesDone += sendAll(outbound, wire, random, 900);
        }
        assertArrayEquals(expected.toByteArray(), wire.toByteArray());
        assertEquals(framesDone, countFrames(expected.toByteArray()));
        assertEquals(0, outbound.pendingFrames());
        assertTrue(pool.retainedCount() > 0, "emptied chunks went back to the pool");
    }

    @Test
    void appendDoesNotMoveThePayloadPositionSoOneBufferServesABroadcast() {
        OutboundBuffer a = new OutboundBuffer(new ChunkPool(256, 4));
        OutboundBuffer b = new OutboundBuffer(new ChunkPool(256, 4));
        ByteBuffer shared = ByteBuffer.wrap(new byte[] {1, 2, 3}).asReadOnlyBuffer();
        a.appendFrame(shared, shared.position(), shared.remaining());
        b.appendFrame(shared, shared.position(), shared.remaining());
        assertEquals(0, shared.position());
        assertEquals(7, a.pendingBytes());
        assertEquals(7, b.pendingBytes());
    }

    @Test
    void acknowledgingMoreThanOfferedIsABugThatIsNotHidden() {
        OutboundBuffer outbound = new OutboundBuffer(new ChunkPool(256, 4));
        outbound.appendFrame(ByteBuffer.wrap(new byte[3]), 0, 3);
        outbound.prepareSend();
        assertThrows(IllegalStateException.class, () -> outbound.onSent(8));
    }

    private static int countFrames(byte[] stream) {
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        int frames = 0;
        while (buffer.hasRemaining()) {
            int length = buffer.getInt();
            buffer.position(buffer.position() + length);
            frames++;
        }
        return frames;
    }
}

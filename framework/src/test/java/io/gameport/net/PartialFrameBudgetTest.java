package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.transport.scripted.OpKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-worker budget of bytes held in partly received frames, on the scripted port so each
 * receive lands exactly when the test says: past the budget the connection holding the most is
 * closed ({@link CloseReason#PARTIAL_FRAME_BUDGET}), whichever connection's receive passed it, and
 * everyone else, partial frames included, is served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartialFrameBudgetTest {

    private static final int BUDGET = 16 * 1024;
    private static final int ANNOUNCED = 16_000;

    private ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A header announcing {@code announced} payload bytes, then the first {@code sent} of them. */
    private static byte[] partial(int announced, byte[] payload, int sent) {
        return ByteBuffer.allocate(4 + sent).putInt(announced).put(payload, 0, sent).array();
    }

    private static byte[] payload(int length, int seed) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) seed);
        bytes[length - 1] = (byte) (seed + 1);
        return bytes;
    }

    /** Completes the socket's armed receive with raw bytes and waits until the worker has handled them (its receive is armed again). */
    private void peerSendsRaw(long socket, byte[] bytes) {
        server.backend.awaitOp(OpKind.RECEIVE, socket).receive(bytes);
        server.backend.awaitQuiescent();
    }

    @Test
    void passingTheBudgetClosesTheConnectionHoldingTheMostAndServesTheOthers() throws Exception {
        server = new ScriptedServer(1, ANNOUNCED, c -> c.withMaxPartialFrameBytesPerWorker(BUDGET));
        long hoarder = server.accept();
        long slow = server.accept();
        long honest = server.accept();
        long last = server.accept();
        byte[] hoarded = payload(ANNOUNCED, 1);
        byte[] slowPayload = payload(ANNOUNCED, 3);
        byte[] lastPayload = payload(ANNOUNCED, 5);

        peerSendsRaw(hoarder, partial(ANNOUNCED, hoarded, 10_000));   // holds 10,000
        peerSendsRaw(slow, partial(ANNOUNCED, slowPayload, 2_000));   // holds 4,096: 14,096 in all
        server.peerSends(honest, new byte[] {42});
        server.completeSendsUntilIdle(honest);
        assertEquals(0, server.group.closeCount(CloseReason.PARTIAL_FRAME_BUDGET), "under the budget nobody is closed");

        // The last one's first bytes pass the budget (18,192 > 16,384): the hoarder, not the last, goes.
        peerSendsRaw(last, partial(ANNOUNCED, lastPayload, 100));
        assertEquals(List.of(CloseReason.PARTIAL_FRAME_BUDGET), server.closes(hoarder));
        assertEquals(1, server.group.closeCount(CloseReason.PARTIAL_FRAME_BUDGET));
        assertTrue(server.connection(slow).isOpen() && server.connection(last).isOpen() && server.connection(honest).isOpen());

        // The others finish their frames (each growing past what the budget had left while it lasts) and get them echoed.
        peerSendsRaw(slow, Arrays.copyOfRange(slowPayload, 2_000, ANNOUNCED));
        peerSendsRaw(last, Arrays.copyOfRange(lastPayload, 100, ANNOUNCED));
        server.completeSendsUntilIdle(slow);
        server.completeSendsUntilIdle(last);
        assertArrayEquals(ScriptedServer.frame(slowPayload), server.backend.peerReceived(slow));
        assertArrayEquals(ScriptedServer.frame(lastPayload), server.backend.peerReceived(last));
        server.peerSends(honest, new byte[] {43});
        server.completeSendsUntilIdle(honest);
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        echoed.writeBytes(ScriptedServer.frame(new byte[] {42}));
        echoed.writeBytes(ScriptedServer.frame(new byte[] {43}));
        assertArrayEquals(echoed.toByteArray(), server.backend.peerReceived(honest));
        assertEquals(1, server.group.closeCount(CloseReason.PARTIAL_FRAME_BUDGET));
    }

    @Test
    void aBudgetSmallerThanTheLargestFrameFailsStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScriptedServer(1, 64 * 1024, c -> c.withMaxPartialFrameBytesPerWorker(32 * 1024)));
        assertTrue(e.getMessage().contains("maxPartialFrameBytesPerWorker") && e.getMessage().contains("maxFrameBytes"), e.getMessage());
    }

    @Test
    void aBudgetBelowOneByteIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransportSettings.defaults().withMaxPartialFrameBytesPerWorker(0));
        assertTrue(e.getMessage().contains("maxPartialFrameBytesPerWorker"), e.getMessage());
    }
}

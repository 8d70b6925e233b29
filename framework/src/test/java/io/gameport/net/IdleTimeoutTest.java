package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.testing.FrameClient;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The raw transport's idle timeout: a sweep on each worker closes what received nothing for the timeout. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleTimeoutTest {

    /** Runs one idle sweep on the worker's own thread and waits for it. */
    private static void sweep(IoWorker worker) throws Exception {
        ScriptedServer.onWorkerThread(worker, worker::sweepIdle);
    }

    @Test
    void aConnectionSilentForAWholeTimeoutOfSweepsIsClosedWhileOneThatSpeaksStaysOpen() throws Exception {
        // An hour: the group's own timer never sweeps during the test, the test sweeps by hand.
        ScriptedServer server = new ScriptedServer(1, c -> c.withIdleTimeoutMs(3_600_000));
        IoWorker worker = server.group.worker(0);
        long silent = server.accept();
        long chatty = server.accept();
        for (int i = 0; i < IoWorker.SWEEPS_PER_IDLE_TIMEOUT - 1; i++) {
            server.peerSends(chatty, new byte[] {(byte) i});
            assertArrayEquals(ScriptedServer.frame(new byte[] {(byte) i}), server.completeSend(chatty));
            sweep(worker);
            assertTrue(server.connection(silent).isOpen(), "silent for " + (i + 1) + " sweeps, less than the timeout");
        }
        server.peerSends(chatty, new byte[] {9});
        server.completeSend(chatty);
        sweep(worker);
        assertEquals(List.of(CloseReason.IDLE_TIMEOUT), server.closes(silent));
        assertTrue(server.connection(chatty).isOpen(), "a connection that received bytes since the last sweep stays");
        assertEquals(1, server.group.closeCount(CloseReason.IDLE_TIMEOUT));
        server.stop();
    }

    @Test
    void theGroupsTimerSweepsASilentRealConnectionClosed() throws Exception {
        try (TransportServer server = TransportServer.start(TransportSettings.defaults().withWorkers(1).withIdleTimeoutMs(200), 1 << 20,
                new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
                    @Override
                    public void onFrame(Connection connection, ByteBuffer payload) {
                        connection.send(payload);
                    }
                });
             FrameClient client = new FrameClient(server.port())) {
            client.writeFrame(new byte[] {1});
            client.flush();
            assertArrayEquals(new byte[] {1}, client.readFrame());
            assertTrue(client.closedByServer(), "closed once silent for the timeout (the read's own timeout is a hang guard)");
            assertEquals(1, server.workers().closeCount(CloseReason.IDLE_TIMEOUT));
        }
    }

    @Test
    void theIdleTimeoutIsOffByDefaultAndValidated() {
        assertEquals(0, TransportSettings.defaults().idleTimeoutMs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransportSettings.defaults().withIdleTimeoutMs(-1));
        assertTrue(e.getMessage().contains("idleTimeoutMs"), e.getMessage());
    }
}

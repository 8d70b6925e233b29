package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.testing.FrameClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers on real sockets that announce the largest frame and send almost nothing (the issue's
 * five bytes) cost the server one small first buffer each, not the announced megabyte, and past
 * the worker's budget the excess is closed while an honest client is served.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PartialFrameFloodTest {

    private static final int PEERS = 300;

    private final List<Socket> peers = new ArrayList<>();
    private TransportServer server;

    @AfterEach
    void tearDown() throws IOException {
        for (Socket peer : peers) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private TransportServer startEcho(TransportSettings config) throws IOException {
        server = TransportServer.start(config, 1 << 20, new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
            @Override
            public void onFrame(Connection connection, ByteBuffer payload) {
                connection.send(payload);
            }
        });
        return server;
    }

    private void connectPeersAnnouncingTheLargestFrame(int port) throws IOException {
        for (int i = 0; i < PEERS; i++) {
            Socket peer = new Socket();
            peers.add(peer);
            peer.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = peer.getOutputStream();
            out.write(new byte[] {0, 0x10, 0, 0, 1}); // 1 MiB announced, one byte sent
            out.flush();
        }
    }

    /** Read on the worker's own thread, where its budget is exact. */
    private static long partialFrameBytes(IoWorker worker) throws Exception {
        CompletableFuture<Long> held = new CompletableFuture<>();
        worker.execute((WorkerTask) () -> held.complete(worker.partialFrameBytes()));
        return held.get(30, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard, not a timing
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never reached: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static void assertEchoes(int port) throws IOException {
        try (FrameClient honest = new FrameClient(port)) {
            honest.writeFrame(new byte[] {1, 2, 3});
            honest.flush();
            assertArrayEquals(new byte[] {1, 2, 3}, honest.readFrame());
        }
    }

    @Test
    void peersAnnouncingTheLargestFrameHoldOneSmallBufferEach() throws Exception {
        startEcho(TransportSettings.defaults().withWorkers(1).withMaxConnectionsPerAddress(1000));
        IoWorker worker = server.workers().worker(0);
        connectPeersAnnouncingTheLargestFrame(server.port());
        long expected = (long) PEERS * FrameDecoder.FIRST_ASSEMBLY_BYTES; // 1.2 MiB, where announced lengths would be 300 MiB
        await(() -> {
            try {
                return partialFrameBytes(worker) == expected;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, PEERS + " partial frames of " + FrameDecoder.FIRST_ASSEMBLY_BYTES + " bytes");
        assertEchoes(server.port());
        assertEquals(0, server.workers().closeCount(CloseReason.PARTIAL_FRAME_BUDGET));

        for (Socket peer : peers) {
            peer.close();
        }
        await(() -> server.workers().closeCount(CloseReason.PEER_CLOSED_MID_FRAME) == PEERS, "every peer's close seen");
        assertEquals(0, partialFrameBytes(worker), "closed connections return their partial frames' bytes");
    }

    @Test
    void peersPastTheBudgetAreClosedAndAnHonestClientIsServed() throws Exception {
        long budget = 1 << 20;
        startEcho(TransportSettings.defaults().withWorkers(1).withMaxConnectionsPerAddress(1000).withMaxPartialFrameBytesPerWorker(budget));
        IoWorker worker = server.workers().worker(0);
        connectPeersAnnouncingTheLargestFrame(server.port());
        long fit = budget / FrameDecoder.FIRST_ASSEMBLY_BYTES;
        await(() -> server.workers().closeCount(CloseReason.PARTIAL_FRAME_BUDGET) == PEERS - fit,
                "every peer past the budget closed");
        assertEquals(budget, partialFrameBytes(worker), "the peers that fit hold the budget exactly");
        assertEchoes(server.port());
        assertEquals(PEERS - fit, server.workers().closeCount(CloseReason.PARTIAL_FRAME_BUDGET));
    }
}

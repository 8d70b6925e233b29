package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reproduction: 1,500 peers (from eight addresses) each announce a 1 MiB frame and
 * send one byte of it, against an echo server with a 256 MiB heap. Before the fix each announcement cost 1 MiB of
 * heap, the I/O workers died of OutOfMemoryError, the honest client went unanswered and SIGTERM
 * was ignored. A partial frame must cost what actually arrived, and partial frames together at
 * most the budget of their I/O worker: past it the connection holding the most is closed
 * (PARTIAL_FRAME_BUDGET).
 */
@Timeout(240)
class PartialFrameFloodTest {

    private static final int PEERS = 1_500;
    /** The peers' source addresses, 188 peers each: under the server's default cap per address, so every peer gets in. */
    private static final List<String> ADDRESSES = PeerCrowd.loopbackAddresses(20, 8);
    /** A complete 1-byte frame (its echo proves the server read this peer's bytes), then a 1 MiB header and one byte of it. */
    private static final byte[] ATTACK = {0, 0, 0, 1, 42, 0x00, 0x10, 0x00, 0x00, 42};
    private static final byte[] ECHO_OF_FIRST_FRAME = {0, 0, 0, 1, 42};

    /** Peers that fill their 1 MiB frames most of the way: 80 MiB announced, ~47 MiB sent. */
    private static final int FILLERS = 80;
    private static final int FILLED_BYTES = 600 * 1024;
    /** The default partial-frame budget per I/O worker (TransportSettings), in whole 1 MiB assembly buffers. */
    private static final int BUFFERS_PER_WORKER_BUDGET = 32;
    private static final int WORKERS = 2;

    private ServerProcess server;

    @AfterEach
    void kill() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void peersAnnouncingAMebibyteAndSendingOneByteCostWhatTheySentAndTheServerServesAndStops() throws Exception {
        server = ServerProcess.echoServer().jvm("-Xmx256m").args("--workers", "2").start();
        try (PeerCrowd crowd = PeerCrowd.connectSpread(PEERS, server.port(), ADDRESSES, Duration.ofSeconds(60))) {
            assertEquals(PEERS, crowd.connected(), "connections completed");
            assertEquals(PEERS, crowd.sendToEach(ATTACK), "attacks sent whole");
            // Each peer's echo arrives only after the server read the segment that carried its partial frame.
            int echoed = crowd.awaitReplies(ECHO_OF_FIRST_FRAME, Duration.ofSeconds(60));
            assertEquals(PEERS, echoed, "peers whose bytes the server read and answered; log tail:\n" + server.log().tail(30));

            server.assertAlive();
            WellBehaved.assertEchoes(server.port());
            // The documented treatment: a partial frame holds what arrived (one byte each, far below
            // the partial-frame budget), so no peer is closed and none was worth a heap failure.
            PeerCrowd.Fates fates = crowd.awaitFates(Duration.ZERO);
            assertEquals(PEERS, fates.open(), "peers still connected: " + fates);
            assertEquals(0, server.log().countContaining("OutOfMemoryError"), "heap failures logged");
        }
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void peersFillingLargeFramesPastTheWorkersBudgetAreClosedForItAndTheServerServesAndStops() throws Exception {
        server = ServerProcess.echoServer().jvm("-Xmx256m").args("--workers", String.valueOf(WORKERS)).start();
        byte[] attack = new byte[Frames.HEADER_BYTES + FILLED_BYTES];
        System.arraycopy(Frames.header(1 << 20), 0, attack, 0, Frames.HEADER_BYTES);
        try (PeerCrowd crowd = PeerCrowd.connectSpread(FILLERS, server.port(), PeerCrowd.loopbackAddresses(40, 4),
                Duration.ofSeconds(60))) {
            assertEquals(FILLERS, crowd.connected(), "connections completed");
            crowd.sendToEachFully(attack, Duration.ofSeconds(60));
            // Each survivor holds a 1 MiB assembly buffer once its bytes are read, and a worker keeps
            // at most its budget of them: every other filler is closed.
            int mustEnd = FILLERS - WORKERS * BUFFERS_PER_WORKER_BUDGET;
            PeerCrowd.Fates fates = crowd.awaitFates(Duration.ofSeconds(60), mustEnd);
            assertTrue(fates.ended() >= mustEnd, "fillers closed: " + fates + "; log tail:\n" + server.log().tail(20));
            // The worker's line for CloseReason.PARTIAL_FRAME_BUDGET names the setting passed and the connection closed.
            server.log().awaitLineContaining(Treatment.ACT_BOUND, "over maxPartialFrameBytesPerWorker", "closing connection");

            server.assertAlive();
            WellBehaved.assertEchoes(server.port());
            assertEquals(0, server.log().countContaining("OutOfMemoryError"), "heap failures logged");
        }
        server.assertStopsCleanlyOnSigterm();
    }
}

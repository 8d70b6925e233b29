package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that connect and then say nothing, or stop in the middle of a frame: with the raw
 * transport's idle timeout set ({@code echo-server --idle-timeout-ms}), each is closed with
 * IDLE_TIMEOUT, while a client that talks is served.
 */
@Timeout(120)
class IdlePeerTest {

    /** Far above an honest echo exchange on a loaded machine; the test waits only for it to pass. */
    private static final int IDLE_TIMEOUT_MS = 2_000;
    private static final int SILENT_PEERS = 100;

    private ServerProcess server;

    @AfterEach
    void kill() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void silentAndStalledPeersAreClosedForIdlenessWhileTheTalkingClientIsServed() throws Exception {
        // A close for IDLE_TIMEOUT is logged at debug (a line each would let idle crowds write the
        // log); the child logs its connections at debug so the reason can be read.
        server = ServerProcess.echoServer().jvm("-Xmx256m", "-Dorg.slf4j.simpleLogger.log.io.gameport.net.Connection=debug")
                .args("--workers", "2", "--idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MS)).start();
        try (PeerCrowd silent = PeerCrowd.connectSpread(SILENT_PEERS, server.port(), PeerCrowd.loopbackAddresses(60, 2),
                Duration.ofSeconds(30));
                RawPeer stalled = RawPeer.connect(server.port())) {
            assertEquals(SILENT_PEERS, silent.connected());
            stalled.send(Frames.header(100)).send(new byte[] {1, 2, 3});

            WellBehaved.assertEchoes(server.port());
            Treatment.assertClosedWithReason(stalled, server, "IDLE_TIMEOUT");
            PeerCrowd.Fates fates = silent.awaitFates(Duration.ofSeconds(30));
            assertEquals(SILENT_PEERS, fates.ended(), "silent peers closed: " + fates);
        }
        server.assertAlive();
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }
}

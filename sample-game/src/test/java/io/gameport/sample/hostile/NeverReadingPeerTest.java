package io.gameport.sample.hostile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that make the server answer and never read the answers. The server's queue for such a
 * peer is capped by the send quota; past the cap the peer is closed (SEND_QUOTA_EXCEEDED, the
 * default policy), while the honest client is served.
 */
@Timeout(120)
class NeverReadingPeerTest {

    /** Far more echo than the kernel's buffers in both directions and the quota's 16,384 frames together hold. */
    private static final int FLOOD_BYTES = 32 << 20;
    /** The attacker stops writing once the server has taken nothing for this long (it stopped reading or closed). */
    private static final Duration ATTACKER_PATIENCE = Duration.ofSeconds(3);

    private ServerProcess server;

    @BeforeEach
    void start() throws Exception {
        server = ServerProcess.echoServer().jvm("-Xmx256m").args("--workers", "2").start();
    }

    @AfterEach
    void kill() throws InterruptedException {
        server.close();
    }

    @Test
    void aPeerPipeliningEmptyFramesWithoutReadingIsClosedForItsSendQuota() throws Exception {
        try (RawPeer attacker = RawPeer.connect(null, server.port(), 4096)) {
            // Zero bytes are empty frames: each one queues an echo the attacker never reads.
            try {
                attacker.offer(ByteBuffer.allocate(FLOOD_BYTES), ATTACKER_PATIENCE);
            } catch (IOException closedUnderTheAttack) {
                // The server closed the attacker while it was still writing: the treatment checked below.
            }
            Treatment.assertClosedWithReason(attacker, server, "SEND_QUOTA_EXCEEDED");
        }
        server.assertAlive();
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }
}

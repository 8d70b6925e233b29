package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sessions that pipeline large requests and never read the answers, against a server whose
 * direct (off-heap) memory is small: every answer waits in direct memory. Before the fix the
 * send quota (1 GiB global) trusted luck, an I/O worker failed to reserve a direct buffer and
 * died with every session on it. The documented treatment: direct memory is bounded by the
 * settings, and the sessions that pass the bound are closed, never a worker.
 */
@Timeout(180)
class DirectMemoryExhaustionTest {

    private static final int ATTACKERS = 12;
    /**
     * Each attacker's pipeline: 16 MiB of 60 KiB frames; together 192 MiB of answers, twice the
     * direct memory, and far more than the kernel's send buffers (4 MiB a socket at most) absorb.
     */
    private static final int FRAME_BYTES = 60 * 1024;
    private static final int FRAMES_EACH = 16 * 1024 * 1024 / FRAME_BYTES;
    /** Direct memory of the child: the send quota's global cap defaults to half of it, at least 64 MiB. */
    private static final String MAX_DIRECT_MEMORY = "-XX:MaxDirectMemorySize=96m";

    private ServerProcess server;

    @AfterEach
    void kill() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void nonReadingSessionsPastTheDirectMemoryAreClosedAndNoWorkerIsLost() throws Exception {
        server = ServerProcess.echoServer().jvm("-Xmx256m", MAX_DIRECT_MEMORY).args("--workers", "2").start();
        byte[] frame = Frames.frame(Frames.pattern(FRAME_BYTES, 3));
        ByteBuffer pipeline = ByteBuffer.allocate(frame.length * FRAMES_EACH);
        for (int i = 0; i < FRAMES_EACH; i++) {
            pipeline.put(frame);
        }
        byte[] attack = pipeline.array();
        try (PeerCrowd attackers = PeerCrowd.connectSpread(ATTACKERS, server.port(), PeerCrowd.loopbackAddresses(70, 3),
                4096, Duration.ofSeconds(30))) {
            assertEquals(ATTACKERS, attackers.connected());
            attackers.sendToEachFully(attack, Duration.ofSeconds(60));
            PeerCrowd.Fates fates = attackers.awaitFates(Duration.ofSeconds(30), 1);
            // At least one attacker must go (together they asked for twice the direct memory), for
            // the global send quota that bounds direct memory ...
            if (fates.ended() == 0) {
                throw new AssertionError("no attacker closed; log tail:\n" + server.log().tail(30));
            }
            server.log().awaitLineContaining(Treatment.ACT_BOUND, "closing: SEND_QUOTA_EXCEEDED");
            // ... and no worker: both still serve, so every honest connection (spread over them) is echoed.
            server.assertAlive();
            for (int i = 0; i < 4; i++) {
                WellBehaved.assertEchoes(server.port());
            }
            assertEquals(0, server.log().countContaining("I/O worker", "stopped"), "workers stopped:\n" + server.log().tail(30));
            assertEquals(0, server.log().countContaining("FATAL"), "fatal errors:\n" + server.log().tail(30));
            assertEquals(0, server.log().countContaining("OutOfMemoryError"), "memory errors:\n" + server.log().tail(30));
        }
        server.assertStopsCleanlyOnSigterm();
    }
}

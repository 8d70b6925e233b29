package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Storms of connections (2,000 per test) that open and leave at once, orderly or by reset, some
 * in the middle of a frame. The documented treatment is that each is released: the server ends
 * up holding no more descriptors than before the storm, serves the honest client between rounds,
 * and writes a few log lines a second about it, not one per connection.
 */
@Timeout(180)
class ConnectionStormTest {

    private static final int ROUNDS = 8;
    /**
     * Connections per round, each round from its own loopback address (127.0.0.10 and up), under
     * the server's default cap per address: the storm's subject is release, not the cap.
     */
    private static final int PER_ROUND = 250;
    /** Descriptors the server may open lazily after the baseline (none expected; a leak of a storm is hundreds). */
    private static final int SLACK = 8;
    private static final byte[] PARTIAL_FRAME = {0, 0, 1, 0, 1, 2, 3};
    /**
     * Log lines the whole storm may cause: repeated lines are rate-limited per kind, so a storm
     * writes a few lines a second, not one per connection (2,000 here).
     */
    private static final int MAX_STORM_LOG_LINES = ROUNDS * PER_ROUND / 4;

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
    void connectCloseStormsAreReleasedAndTheServerServesBetweenThem() throws Exception {
        WellBehaved.assertEchoes(server.port());
        int baseline = server.openDescriptors();
        assertTrue(baseline > 0, "descriptors of the child are readable from /proc");
        long linesBefore = server.log().lineCount();
        for (int round = 0; round < ROUNDS; round++) {
            try (PeerCrowd crowd = PeerCrowd.connect(PER_ROUND, server.port(), "127.0.0." + (10 + round),
                    Duration.ofSeconds(60))) {
                assertEquals(PER_ROUND, crowd.connected(), "connections of round " + round);
                if (round % 2 == 1) {
                    assertEquals(PER_ROUND, crowd.sendToEach(PARTIAL_FRAME));
                }
            }
            WellBehaved.assertEchoes(server.port());
        }
        server.awaitDescriptorsAtMost(baseline + SLACK, Duration.ofSeconds(30));
        assertStormLogBounded(linesBefore);
        server.assertAlive();
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void resetStormsAreReleasedAndTheServerServesBetweenThem() throws Exception {
        WellBehaved.assertEchoes(server.port());
        int baseline = server.openDescriptors();
        assertTrue(baseline > 0, "descriptors of the child are readable from /proc");
        long linesBefore = server.log().lineCount();
        for (int round = 0; round < ROUNDS; round++) {
            try (PeerCrowd crowd = PeerCrowd.connect(PER_ROUND, server.port(), "127.0.0." + (10 + round),
                    Duration.ofSeconds(60))) {
                assertEquals(PER_ROUND, crowd.connected(), "connections of round " + round);
                if (round % 2 == 1) {
                    assertEquals(PER_ROUND, crowd.sendToEach(PARTIAL_FRAME));
                }
                assertEquals(PER_ROUND, crowd.resetAll(), "connections reset in round " + round);
            }
            WellBehaved.assertEchoes(server.port());
        }
        server.awaitDescriptorsAtMost(baseline + SLACK, Duration.ofSeconds(30));
        assertStormLogBounded(linesBefore);
        server.assertAlive();
        server.assertStopsCleanlyOnSigterm();
    }

    private void assertStormLogBounded(long linesBefore) {
        long written = server.log().lineCount() - linesBefore;
        assertTrue(written <= MAX_STORM_LOG_LINES, "the storm of " + ROUNDS * PER_ROUND + " connections wrote " + written
                + " log lines; tail:\n" + server.log().tail(10));
    }
}

package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Caps on connections a peer can hold: per remote address (one address is capped while another
 * is served) and in total. The documented treatment: a connection over a cap is closed at accept
 * and the refusal logged with its reason; the listener goes on, and a cap frees as its
 * connections leave.
 */
@Timeout(120)
class ConnectionCapTest {

    private static final byte[] PROBE = {0, 0, 0, 1, 42};
    /** Tries for a freed cap to admit a newcomer (each try is a full connect and echo): a bound, not a timing. */
    private static final int NEWCOMER_TRIES = 200;

    private ServerProcess server;

    @AfterEach
    void kill() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void oneAddressIsCappedWhileAnotherIsServed() throws Exception {
        int cap = 50;
        int attackers = 80;
        server = ServerProcess.echoServer().jvm("-Xmx256m")
                .args("--workers", "2", "--max-connections-per-address", String.valueOf(cap)).start();
        try (PeerCrowd capped = PeerCrowd.connect(attackers, server.port(), "127.0.0.2", Duration.ofSeconds(30))) {
            assertEquals(attackers, capped.connected(), "handshakes (the kernel completes them before accept)");
            capped.sendToEach(PROBE);
            assertEquals(cap, capped.awaitReplies(PROBE, Duration.ofSeconds(30)), "connections from 127.0.0.2 served");
            PeerCrowd.Fates fates = capped.awaitFates(Duration.ofSeconds(30), attackers - cap);
            assertEquals(attackers - cap, fates.ended(), "connections from 127.0.0.2 closed at accept: " + fates);
            server.log().awaitLineContaining(Treatment.ACT_BOUND, "refused connection from /127.0.0.2:",
                    "MAX_CONNECTIONS_PER_ADDRESS");

            try (PeerCrowd other = PeerCrowd.connect(cap, server.port(), "127.0.0.3", Duration.ofSeconds(30))) {
                other.sendToEach(PROBE);
                assertEquals(cap, other.awaitReplies(PROBE, Duration.ofSeconds(30)), "connections from 127.0.0.3 served");
            }
            server.assertAlive();
            WellBehaved.assertEchoes(server.port());
        }
        // The capped address's connections left: the cap admits it again.
        assertNewcomerServed("127.0.0.2");
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void theTotalCapClosesConnectionsPastItAndFreesAsTheyLeave() throws Exception {
        int cap = 60;
        int attackers = 90;
        server = ServerProcess.echoServer().jvm("-Xmx256m")
                .args("--workers", "2", "--max-connections", String.valueOf(cap), "--max-connections-per-address", "1000").start();
        try (PeerCrowd crowd = PeerCrowd.connectSpread(attackers, server.port(), PeerCrowd.loopbackAddresses(2, 3),
                Duration.ofSeconds(30))) {
            assertEquals(attackers, crowd.connected(), "handshakes (the kernel completes them before accept)");
            crowd.sendToEach(PROBE);
            assertEquals(cap, crowd.awaitReplies(PROBE, Duration.ofSeconds(30)), "connections served");
            PeerCrowd.Fates fates = crowd.awaitFates(Duration.ofSeconds(30), attackers - cap);
            assertEquals(attackers - cap, fates.ended(), "connections closed at accept: " + fates);
            server.log().awaitLineContaining(Treatment.ACT_BOUND, "refused connection from", "MAX_CONNECTIONS ");
            server.assertAlive();
        }
        // At the cap nobody new gets in, honest or not: that is what a total cap means. Once the
        // crowd leaves, the honest client is served.
        assertNewcomerServed(WellBehaved.ADDRESS);
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }

    /**
     * A new connection from {@code address} is admitted and echoed once the server has released
     * the connections that left (until then it is closed at accept, and tried again).
     */
    private void assertNewcomerServed(String address) throws IOException, InterruptedException {
        for (int i = 0; i < NEWCOMER_TRIES; i++) {
            try (PeerCrowd newcomer = PeerCrowd.connect(1, server.port(), address, Duration.ofSeconds(10))) {
                newcomer.sendToEach(PROBE);
                if (newcomer.awaitReplies(PROBE, Duration.ofSeconds(10)) == 1) {
                    return;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no connection from " + address + " admitted in " + NEWCOMER_TRIES + " tries; log tail:\n"
                + server.log().tail(20));
    }
}

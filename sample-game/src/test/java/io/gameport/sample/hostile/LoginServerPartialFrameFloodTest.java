package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.protocol.messages.Ping;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partial-frame flood against the login server, the surface that faces the internet
 * before any authentication: the same decoder sits under it. 1,500 peers each send a Ping (its
 * Pong proves the server read them) and then announce the largest frame the login server takes
 * (64 KiB, the protocol's limit; a larger one is closed at once as FRAME_TOO_LARGE) and send one
 * byte of it.
 */
@Timeout(240)
class LoginServerPartialFrameFloodTest {

    private static final int PEERS = 1_500;
    /** 188 peers per address: under the default cap per address, so every peer gets in. */
    private static final List<String> ADDRESSES = PeerCrowd.loopbackAddresses(80, 8);
    /** Room for the server, not for 1,500 announced frames (94 MiB): each may cost only what arrived. */
    private static final String HEAP = "-Xmx96m";

    @TempDir
    Path dir;
    private ServerProcess login;

    @AfterEach
    void kill() throws InterruptedException {
        if (login != null) {
            login.close();
        }
    }

    @Test
    void peersAnnouncingTheLargestFrameCostWhatTheySentAndTheHonestClientLogsIn() throws Exception {
        login = ServerProcess.loginServer(dir, 7200).jvm(HEAP).args("--workers", "2").start();
        byte[] ping = Frames.frame(ProtoPeer.payload(Ping.newBuilder().setNonce(1).build(), 1));
        byte[] attack = ByteBuffer.allocate(ping.length + 5).put(ping).put(new byte[] {0x00, 0x01, 0x00, 0x00, 42}).array();
        try (PeerCrowd crowd = PeerCrowd.connectSpread(PEERS, login.port(), ADDRESSES, Duration.ofSeconds(60))) {
            assertEquals(PEERS, crowd.connected(), "connections completed");
            assertEquals(PEERS, crowd.sendToEach(attack), "attacks sent whole");
            assertEquals(PEERS, crowd.awaitOneFrameEach(Duration.ofSeconds(60)),
                    "peers whose Ping was answered (so their partial frame was read); log tail:\n" + login.log().tail(30));

            login.assertAlive();
            WellBehaved.assertLogsIn(login.port());
            // Held, at what they sent: none closed (the authentication deadline is far off), no heap failure.
            assertEquals(PEERS, crowd.awaitFates(Duration.ZERO).open(), "peers still connected");
            assertEquals(0, login.log().countContaining("OutOfMemoryError"), "heap failures logged");
        }
        login.assertStopsCleanlyOnSigterm();
    }
}

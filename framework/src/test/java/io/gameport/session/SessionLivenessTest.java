package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.GameClient;
import io.gameport.net.CloseReason;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionLivenessTest {

    /** Sessions idle after {@code idleMs}, pinged after {@code heartbeatMs} of silence (0: never), checked every 20 ms. */
    private static SessionSettings liveness(long idleMs, long heartbeatMs) {
        return SessionSettings.defaults().withCheckPeriodMs(20).withHeartbeatIntervalMs(heartbeatMs).withIdleTimeoutMs(idleMs);
    }

    @Test
    void silentSessionIsClosedByTheIdleTimeout() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> { }, ServerFixture.settings().withSessions(liveness(300, 0)))) {
            FrameClient silent = fixture.raw();
            Disconnect notice = assertInstanceOf(Disconnect.class, silent.read().message(), "the server says why first");
            assertEquals(ErrorCode.ERROR_CODE_IDLE_TIMEOUT, notice.getCode());
            assertTrue(silent.awaitClosedByServer(), "the server closes a session that sends nothing");
            ServerFixture.await(() -> fixture.server.sessions().closedCount(CloseReason.IDLE_TIMEOUT) == 1);
            assertEquals(1, fixture.server.sessions().closedCount(CloseReason.IDLE_TIMEOUT));
            assertEquals(1, fixture.server.idleMonitor().idleCloses());
        }
    }

    @Test
    void heartbeatAnsweredByTheClientKeepsAnOtherwiseSilentSessionOpenPastTheIdleTimeout() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> { }, ServerFixture.settings().withSessions(liveness(600, 100)))) {
            GameClient client = fixture.client();
            ServerFixture.await(() -> fixture.server.sessions().size() == 1);
            Session session = fixture.server.sessions().all().iterator().next();
            // The client never sends on its own: only its automatic Pongs keep the session alive.
            // Wait until the session has lived through several idle timeouts' worth of heartbeats.
            ServerFixture.await(() -> fixture.server.idleMonitor().pingsSent() >= 10);
            assertTrue(fixture.server.idleMonitor().pingsSent() >= 10);
            assertTrue(SessionInternals.inboundFrames(session) >= 9, "pongs arrived: " + SessionInternals.inboundFrames(session));
            assertEquals(SessionState.CONNECTED, session.state());
            assertTrue(client.isOpen());
            assertEquals(0, fixture.server.idleMonitor().idleCloses());
            Pong pong = client.request(Ping.newBuilder().setNonce(77).build(), Pong.class, Duration.ofSeconds(10))
                    .get(15, TimeUnit.SECONDS);
            assertEquals(77, pong.getNonce());
        }
    }

    @Test
    void clientPingsKeepASessionOpenWhenTheServerSendsNoHeartbeat() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> { }, ServerFixture.settings().withSessions(liveness(400, 0)))) {
            GameClient client = fixture.client();
            ServerFixture.await(() -> fixture.server.sessions().size() == 1);
            Session session = fixture.server.sessions().all().iterator().next();
            long start = System.nanoTime();
            int pings = 0;
            // Ping every ~100 ms for three idle timeouts: the session must survive all of them.
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1200)) {
                client.request(Ping.newBuilder().setNonce(pings++).build(), Pong.class, Duration.ofSeconds(10))
                        .get(15, TimeUnit.SECONDS);
                Thread.sleep(100);
            }
            assertTrue(session.isOpen());
            assertTrue(client.isOpen());
            assertEquals(0, fixture.server.idleMonitor().idleCloses());
        }
    }
}

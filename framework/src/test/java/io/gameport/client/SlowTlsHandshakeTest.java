package io.gameport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gameport.chaos.FaultProxy;
import io.gameport.log.PeerLogs;
import io.gameport.net.CloseReason;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.protocol.testing.StudioGame;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.MatchInfo;
import io.gameport.server.GameServer;
import io.gameport.session.ResumeSettings;
import io.gameport.session.SessionSettings;
import io.gameport.testing.ServerFixture;
import io.gameport.tls.TestCertificates;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.transport.ErrorMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A resuming client's silence rule starts when its connection's TLS handshake ends. A handshake
 * that waits behind a busy server (here: a path slow only while the connection opens) may take
 * longer than the rule's few seconds; taking that for a dead connection dropped it, and each
 * reconnect queued one more handshake behind the same server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowTlsHandshakeTest {

    private static final TestCertificates.Issued CERTIFICATE = TestCertificates.localhost();
    private static final long DEAD_AFTER_MS = 500;
    /** Each way while the connection opens: the handshake's round trip alone is 1.2 s, over twice the rule. */
    private static final Duration OPENING_LATENCY = Duration.ofMillis(600);

    @Test
    void aTlsHandshakeLongerThanTheSilenceRuleDoesNotDropTheConnection() throws Exception {
        runWithSlowHandshake(false);
    }

    @Test
    void aReconnectWhoseTlsHandshakeIsLongerThanTheSilenceRuleResumesOnThatConnection() throws Exception {
        runWithSlowHandshake(true);
    }

    /** The first connection's handshake is slow, or (when {@code onReconnect}) the one after a drop. */
    private static void runWithSlowHandshake(boolean onReconnect) throws Exception {
        GameServer server = GameServer.builder()
                .settings(ServerFixture.settings().withTls(TlsSettings.defaults())
                        .withSessions(SessionSettings.defaults().withResume(ResumeSettings.defaults().withEnabled(true))))
                .protocol(StudioGame.getDescriptor())
                .handlers(on -> on.request(CreateMatchRequest.class, (session, request) ->
                        CreateMatchResponse.newBuilder().setMatch(MatchInfo.newBuilder().setMatchId(request.getCapacity())).build()))
                .tls(CERTIFICATE.material())
                .host("127.0.0.1")
                .listen(0)
                .start();
        try (FaultProxy proxy = FaultProxy.start(server.localAddress());
             TlsContext tls = TlsContext.client(TlsSettings.defaults(), CERTIFICATE.asRoot(), null);
             TransportClient transport = new TransportClient(TransportSettings.defaults().withWorkers(1),
                     ProtocolSettings.DEFAULT_MAX_FRAME_BYTES, new ErrorMetrics(), PeerLogs.defaults(), tls)) {
            if (!onReconnect) {
                slowWhileItOpens(proxy);
            }
            AtomicReference<CloseReason> suspendedFor = new AtomicReference<>();
            AtomicReference<CloseReason> lostFor = new AtomicReference<>();
            AtomicInteger resumed = new AtomicInteger();
            GameClient client = GameClient.builder().address(proxy.address())
                    .codec(ServerFixture.CODEC).transport(transport)
                    .settings(GameClientSettings.defaults().withResume(ClientResumeSettings.defaults().withEnabled(true)
                            .withAckDelayMs(20).withHeartbeatIntervalMs(100).withDeadAfterMs(DEAD_AFTER_MS)))
                    .onSession(new SessionListener() {
                        @Override
                        public void suspended(GameClient c, CloseReason why) {
                            suspendedFor.set(why);
                        }

                        @Override
                        public void resumed(GameClient c) {
                            resumed.incrementAndGet();
                        }

                        @Override
                        public void lost(GameClient c, CloseReason why) {
                            lostFor.set(why);
                        }
                    })
                    .connect().get(10, TimeUnit.SECONDS);
            try {
                assertEquals(7, client.request(CreateMatchRequest.newBuilder().setCapacity(7).build(), CreateMatchResponse.class)
                        .get(10, TimeUnit.SECONDS).getMatch().getMatchId());
                if (onReconnect) {
                    // The answer above follows the server's SessionResumable: the client holds its token.
                    slowWhileItOpens(proxy);
                    proxy.resetAll().get(10, TimeUnit.SECONDS);
                    ServerFixture.await(() -> resumed.get() == 1);
                    assertEquals(8, client.request(CreateMatchRequest.newBuilder().setCapacity(8).build(), CreateMatchResponse.class)
                            .get(10, TimeUnit.SECONDS).getMatch().getMatchId());
                    assertEquals(CloseReason.PEER_RESET, suspendedFor.get(), "suspended by the reset");
                    assertEquals(2, proxy.counts().accepted(), "the first reconnect resumed: it was not dropped while it handshook");
                } else {
                    assertNull(suspendedFor.get(), "the connection was not dropped while it handshook");
                    assertEquals(1, proxy.counts().accepted(), "one connection was all it took");
                }
                assertNull(lostFor.get(), "the session was not lost");
            } finally {
                client.close();
            }
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }

    /** Slow until the next connection's handshake is over; the frames after it cross at loopback speed. */
    private static void slowWhileItOpens(FaultProxy proxy) throws Exception {
        proxy.delayNext(OPENING_LATENCY, OPENING_LATENCY.multipliedBy(2).minusMillis(200)).get(10, TimeUnit.SECONDS);
    }
}

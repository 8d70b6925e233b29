package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.GameClient;
import io.gameport.net.CloseReason;
import io.gameport.net.SendQuotaSettings;
import io.gameport.net.SendQuotaPolicy;
import io.gameport.net.SendResult;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.testing.StudioGame.ChatBroadcast;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.server.GameServer;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that stops reading while the server floods it: the send quota's policy decides, the
 * server's pending bytes never pass the caps, and another session keeps being served.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SendQuotaPolicyTest {

    private static final long PER_SESSION_BYTES = 64 * 1024;
    private static final long GLOBAL_BYTES = 256 * 1024;
    private static final int MAX_FLOOD_MESSAGES = 500_000;

    @ParameterizedTest
    @EnumSource(SendQuotaPolicy.class)
    void slowReaderHitsThePolicyWithinTheCapsWhileAnotherSessionIsServed(SendQuotaPolicy policy) throws Exception {
        AtomicReference<SendResult> overQuota = new AtomicReference<>();
        AtomicLong maxSessionPending = new AtomicLong();
        AtomicLong maxGlobalPending = new AtomicLong();
        AtomicLong queuedBeforePolicy = new AtomicLong();
        AtomicReference<Session> flooded = new AtomicReference<>();
        AtomicReference<GameServer> serverRef = new AtomicReference<>();
        SendQuotaSettings quota = new SendQuotaSettings(100_000, PER_SESSION_BYTES, GLOBAL_BYTES, policy);
        try (ServerFixture fixture = new ServerFixture(on -> on.message(ChatLine.class, (session, chat) -> {
            flooded.set(session);
            // Encoded once, like a broadcast: the flood measures the quota, not the codec.
            ByteBuffer payload = ServerFixture.CODEC.encode(ChatBroadcast.newBuilder().setText("x".repeat(1024)).build(),
                    MessageHeader.NO_REQUEST);
            for (int i = 0; i < MAX_FLOOD_MESSAGES; i++) {
                SendResult result = session.sendEncoded(payload);
                maxSessionPending.accumulateAndGet(session.pendingBytes(), Math::max);
                maxGlobalPending.accumulateAndGet(serverRef.get().sendQuota().globalPendingBytes(), Math::max);
                if (result != SendResult.QUEUED) {
                    overQuota.set(result);
                    return;
                }
                queuedBeforePolicy.incrementAndGet();
            }
        }), ServerFixture.settings().withTransport(ServerFixture.settings().transport().withSendQuota(quota)))) {
            serverRef.set(fixture.server);
            FrameClient slow = fixture.raw(4096);
            GameClient other = fixture.client();
            slow.write(ChatLine.newBuilder().setText("flood me").build(), MessageHeader.NO_REQUEST);
            slow.flush();
            ServerFixture.await(() -> overQuota.get() != null);

            SendResult expected = policy == SendQuotaPolicy.REJECT ? SendResult.REJECTED
                    : policy == SendQuotaPolicy.DROP ? SendResult.DROPPED : SendResult.DISCONNECTED;
            assertEquals(expected, overQuota.get());
            assertTrue(queuedBeforePolicy.get() > 0, "some frames were queued before the cap");
            assertTrue(maxSessionPending.get() <= PER_SESSION_BYTES, "session pending " + maxSessionPending.get());
            assertTrue(maxGlobalPending.get() <= GLOBAL_BYTES, "global pending " + maxGlobalPending.get());
            assertTrue(fixture.server.sendQuota().globalPendingBytes() <= GLOBAL_BYTES);

            // Another session is served while the slow one's queue is full (or it is being closed).
            for (int i = 0; i < 50; i++) {
                CompletableFuture<Pong> pong = other.request(Ping.newBuilder().setNonce(i).build(), Pong.class, Duration.ofSeconds(10));
                assertEquals(i, pong.get(15, TimeUnit.SECONDS).getNonce());
            }

            switch (policy) {
                case REJECT:
                    assertEquals(1, fixture.server.sendQuota().rejectedCount());
                    assertTrue(flooded.get().isOpen(), "a rejected send leaves the session open");
                    break;
                case DROP:
                    assertEquals(1, fixture.server.sendQuota().droppedCount());
                    assertTrue(flooded.get().isOpen(), "a dropped send leaves the session open");
                    break;
                default:
                    assertEquals(1, fixture.server.sendQuota().disconnectedCount());
                    assertTrue(slow.awaitClosedByServer(), "the slow client is disconnected");
                    ServerFixture.await(() -> fixture.server.sessions().closedCount(CloseReason.SEND_QUOTA_EXCEEDED) == 1);
                    assertEquals(1, fixture.server.sessions().closedCount(CloseReason.SEND_QUOTA_EXCEEDED));
                    // Closing returned the slow session's quota.
                    ServerFixture.await(() -> fixture.server.sendQuota().globalPendingBytes() == 0);
                    assertEquals(0, fixture.server.sendQuota().globalPendingBytes());
                    break;
            }
        }
    }
}

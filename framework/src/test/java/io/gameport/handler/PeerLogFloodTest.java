package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.server.GameServerSettings;
import io.gameport.dispatch.DispatchMetrics;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.log.PeerLogs;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.testing.CountingLogger;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ManualClock;
import io.gameport.testing.ServerFixture;
import io.gameport.time.NanoClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lines a peer can provoke are rate-limited per kind: a flood writes a bounded number of them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerLogFloodTest {

    @Test
    void aHundredThousandUnhandledFramesWriteABoundedNumberOfLinesAndTheSuppressedCount() throws Exception {
        ManualClock clock = new ManualClock();
        CountingLogger logger = new CountingLogger("peer lines");
        // Limits off and unhandled messages ignored: every frame reaches the unhandled path and nothing is answered.
        HandlerSettings lenient = HandlerSettings.defaults().withUnhandled(UnhandledPolicy.IGNORE)
                .withMaxFramesPerSecond(0).withMaxBytesPerSecond(0);
        GameServerSettings settings = ServerFixture.settings().withDispatch(DispatchSettings.defaults().withShards(1))
                .withHandlers(lenient);
        try (ServerFixture fixture = new ServerFixture(on -> { }, settings, binder -> {
                    binder.bind(NanoClock.class).toInstance(clock);
                    binder.bind(PeerLogs.class).toInstance(new PeerLogs(clock, settings.peerLogLinesPerSecond(), owner -> logger));
                })) {
            FrameClient client = fixture.raw();
            ChatLine unhandled = ChatLine.newBuilder().setText("nobody handles this").build();
            for (int i = 0; i < 100_000; i++) {
                client.write(unhandled, 0);
            }
            pingAndAwaitPong(client, 1);
            DispatchMetrics metrics = fixture.server.dispatcher().metrics();
            assertEquals(100_000, metrics.unhandledMessages(), "every frame was counted");
            assertEquals(PeerLogs.DEFAULT_LINES_PER_SECOND, logger.count("no handler for"));
            assertEquals(PeerLogs.DEFAULT_LINES_PER_SECOND, logger.lines().size());

            clock.advanceNanos(TimeUnit.SECONDS.toNanos(1));
            client.write(unhandled, 0);
            pingAndAwaitPong(client, 2);
            assertEquals(1, logger.count("unhandled messages: "
                    + (100_000 - PeerLogs.DEFAULT_LINES_PER_SECOND) + " more such lines suppressed"), String.join("\n", logger.lines()));
            assertEquals(PeerLogs.DEFAULT_LINES_PER_SECOND + 2, logger.lines().size());
            assertTrue(logger.lines().get(logger.lines().size() - 1).contains("no handler for"));
        }
    }

    private static void pingAndAwaitPong(FrameClient client, long nonce) throws Exception {
        client.write(Ping.newBuilder().setNonce(nonce).build(), 77 + (int) nonce);
        client.flush();
        while (true) {
            Envelope envelope = client.read();
            if (envelope.message() instanceof Pong pong && pong.getNonce() == nonce) {
                return;
            }
        }
    }
}

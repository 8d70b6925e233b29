package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import com.google.protobuf.Message;
import io.gameport.net.Connection;
import io.gameport.net.TransportSettings;
import io.gameport.net.TransportServer;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.sample.bots.BotError;
import io.gameport.sample.bots.BotFleet;
import io.gameport.sample.bots.BotSettings;
import io.gameport.sample.link.SampleProtocol;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bot against a login server that keeps answering "busy", "rate limited" and "back off": each
 * refusal is retried once, after at least what the server asked, with waits that grow.
 */
@Timeout(60)
class BotBackoffEndToEndTest {

    private static final int SERVER_ASKS_MS = 150;
    private static final MessageCodec CODEC = SampleProtocol.codec();

    @Test
    void aBotRetriesEachBusyOrLimitedAnswerOnceAfterAGrowingWaitNoShorterThanAsked() throws Exception {
        AtomicInteger registers = new AtomicInteger();
        AtomicInteger logins = new AtomicInteger();
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (TransportServer server = TransportServer.start(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES, new InetSocketAddress("127.0.0.1", 0),
                new MessageConnectionHandler(CODEC) {
                    @Override
                    protected void onMessage(Connection c, Envelope envelope) {
                        Message answer;
                        if (envelope.message() instanceof RegisterRequest) {
                            int n = registers.incrementAndGet();
                            answer = RegisterResponse.newBuilder().setResult(n <= 3 ? LoginResult.LOGIN_RESULT_SERVER_BUSY
                                    : LoginResult.LOGIN_RESULT_OK).setRetryAfterMs(SERVER_ASKS_MS).build();
                        } else if (envelope.message() instanceof LoginRequest) {
                            int n = logins.incrementAndGet();
                            LoginResult result = n <= 2 ? LoginResult.LOGIN_RESULT_RATE_LIMITED
                                    : n == 3 ? LoginResult.LOGIN_RESULT_ACCOUNT_BACKOFF : LoginResult.LOGIN_RESULT_BAD_PASSWORD;
                            answer = LoginResponse.newBuilder().setResult(result).setRetryAfterMs(SERVER_ASKS_MS).build();
                        } else {
                            return;
                        }
                        send(c, CODEC, answer, envelope.requestId());
                    }
                });
                BotFleet fleet = new BotFleet(new BotSettings(new InetSocketAddress("127.0.0.1", server.port()), "patient-",
                        "pw", 10, 50, 500, 10), transport)) {
            fleet.start(1);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (fleet.stats().errors(BotError.REFUSED) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, fleet.stats().errors(BotError.REFUSED), "the final BAD_PASSWORD ends the bot");
            assertEquals(4, registers.get(), "three busy answers, each retried once");
            assertEquals(4, logins.get(), "two rate-limited and one back-off answer, each retried once");
            assertEquals(6, fleet.stats().busyRetries());
            assertTrue(fleet.stats().shortestBackoffMs() >= SERVER_ASKS_MS,
                    "never sooner than the server asked: " + fleet.stats().shortestBackoffMs());
            // Per conversation the floors are max(150, 100), 200, 400 (doubling), jitter adds up to as much again.
            long floors = 2 * (SERVER_ASKS_MS + 200 + 400);
            long waited = fleet.stats().backoffWaitMs();
            assertTrue(waited >= floors && waited < 2 * floors, "waits grow: " + waited + " ms in all, floors " + floors);
        }
    }
}

package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.GameClient;
import io.gameport.protocol.messages.DisconnectNotice;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.testing.ServerFixture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DrainTest {

    private static final Duration RECONNECT_AFTER = Duration.ofMillis(2500);

    private static ServerFixture answeringServer() throws Exception {
        return new ServerFixture(on -> on.request(CreateMatchRequest.class,
                (session, request) -> CreateMatchResponse.getDefaultInstance()));
    }

    @Test
    void drainRefusesNewConnectionsNoticesClientsServesThemUntilTheDeadlineThenCloses() throws Exception {
        try (ServerFixture fixture = answeringServer()) {
            AtomicReference<DisconnectNotice> notice = new AtomicReference<>();
            GameClient client = fixture.client(on -> on.on(DisconnectNotice.class, notice::set));
            int port = fixture.port();
            ServerFixture.await(() -> fixture.server.sessions().size() == 1);
            assertTrue(fixture.server.isReady());

            CompletableFuture<Boolean> drained = fixture.server.drain(Duration.ofSeconds(10), RECONNECT_AFTER);
            assertFalse(fixture.server.isReady(), "a draining server is not ready");
            assertTrue(fixture.server.isDraining());

            ServerFixture.await(() -> notice.get() != null);
            assertNotNull(notice.get(), "the connected client was told about the drain");
            assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, notice.get().getCode());
            assertEquals(RECONNECT_AFTER.toMillis(), notice.get().getReconnectAfterMs());
            assertEquals(10_000, notice.get().getClosesInMs());

            assertTrue(connectIsRefused(port), "the listener is closed");
            // The notice does not end the session: it is still served, so the refusal above came from the drain, not the stop.
            client.request(CreateMatchRequest.getDefaultInstance(), CreateMatchResponse.class, Duration.ofSeconds(5))
                    .get(5, TimeUnit.SECONDS);
            assertTrue(client.isOpen());

            assertTrue(drained.get(20, TimeUnit.SECONDS), "the stop after the deadline flushed everything");
            ServerFixture.await(() -> !client.isOpen());
            assertFalse(client.isOpen(), "the session still open at the deadline is closed");
            assertNotNull(client.disconnect());
            assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, client.disconnect().getCode());
            assertFalse(fixture.server.isReady());
        }
    }

    @Test
    void drainEndsAsSoonAsTheLastSessionLeaves() throws Exception {
        try (ServerFixture fixture = answeringServer()) {
            GameClient first = fixture.client();
            GameClient second = fixture.client();
            ServerFixture.await(() -> fixture.server.sessions().size() == 2);
            // A deadline the test never waits for: the drain can only end because the sessions left.
            CompletableFuture<Boolean> drained = fixture.server.drain(Duration.ofHours(1), RECONNECT_AFTER);
            first.close();
            assertFalse(completesSoon(drained), "one session is still being served");
            second.close();
            assertTrue(drained.get(20, TimeUnit.SECONDS));
            assertEquals(0, fixture.server.sessions().size());
        }
    }

    private static boolean completesSoon(CompletableFuture<Boolean> future) throws Exception {
        try {
            future.get(500, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** The listener's close is asynchronous: tries (bounded) until a connect is refused. */
    private static boolean connectIsRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                // A timeout or reset: not the refusal yet.
            }
            Thread.sleep(20);
        }
        return false;
    }
}

package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.bots.BotError;
import io.gameport.sample.bots.BotFleet;
import io.gameport.sample.bots.BotSettings;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Overload and start-up order: busy replies beyond the login queue, bots that wait out a refused connect. */
@Timeout(120)
class ResilienceEndToEndTest {

    private static final byte[] SECRET = SampleGameEndToEndTest.SECRET;

    @TempDir
    Path dir;

    @Test
    void loginsBeyondTheWorkQueueGetABusyReplyWithARetryTime() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        // One hashing thread, one queue slot and a deliberately slow hash: a burst must overflow.
        try (LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("busy")).withHashIterations(400_000),
                1, 1, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", 1));
                TransportClient client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
                TestClient c = new TestClient(client, login.port())) {
            for (int i = 0; i < 6; i++) {
                c.send(RegisterRequest.newBuilder().setName("busy" + i).setPassword("pw").build());
            }
            List<LoginResult> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RegisterResponse response = c.await(RegisterResponse.class);
                results.add(response.getResult());
                if (response.getResult() == LoginResult.LOGIN_RESULT_SERVER_BUSY) {
                    assertTrue(response.getRetryAfterMs() > 0);
                }
            }
            assertTrue(results.contains(LoginResult.LOGIN_RESULT_SERVER_BUSY), results.toString());
            assertTrue(results.contains(LoginResult.LOGIN_RESULT_OK), results.toString());
            assertEquals(results.stream().filter(r -> r == LoginResult.LOGIN_RESULT_SERVER_BUSY).count(), login.busyReplies());
        }
    }

    @Test
    void botsRetryRefusedConnectsWithBackoffUntilTheServersAreUp() throws Exception {
        int loginPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            loginPort = probe.getLocalPort();
        }
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        BotSettings settings = new BotSettings(new InetSocketAddress("127.0.0.1", loginPort), "late-", "pw", 10, 50, 500, 10);
        try (BotFleet fleet = new BotFleet(settings, transport)) {
            fleet.start(5);
            // Nothing listens yet: every bot's connect is refused and retried.
            Thread.sleep(300);
            assertEquals(0, fleet.stats().loggedIn());
            try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                    RoomSettings.defaults(), SECRET));
                    LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", loginPort),
                            transport, AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("late"))
                                    .withHashIterations(1_000), 1, 64, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", rooms.port()))) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (fleet.stats().inRoom() < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(5, fleet.stats().inRoom(), fleet.stats().errorsByKind());
                assertEquals(0, fleet.stats().errors(BotError.CONNECT_FAILED));
                assertEquals(0, fleet.stats().totalErrors(), fleet.stats().errorsByKind());
            }
        }
    }

    @Test
    void botsRefusedByTheRoomServerCountOneRefusalEachAndDoNotLoop() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        byte[] otherSecret = "a-room-server-with-another-secret-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults(), otherSecret));
                LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                        AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("refused")).withHashIterations(1_000),
                        1, 64, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", rooms.port()));
                BotFleet fleet = new BotFleet(new BotSettings(new InetSocketAddress("127.0.0.1", login.port()), "refused-",
                        "pw", 10, 50, 500, 10), transport)) {
            fleet.start(3);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (fleet.stats().errors(BotError.REFUSED) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(3, fleet.stats().errors(BotError.REFUSED));
            // A refused bot closes its own connection: no reconnect loop, no further refusals.
            long ticksToWait = rooms.ticks() + 10;
            while (rooms.ticks() < ticksToWait) {
                Thread.sleep(20);
            }
            assertEquals(3, fleet.stats().errors(BotError.REFUSED));
            assertEquals(3, rooms.refusedTickets());
            assertEquals(0, fleet.stats().disconnects());
            assertEquals(0, fleet.stats().inRoom());
        }
    }
}

package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.gameport.chaos.FaultProxy;
import io.gameport.chaos.ProxiedConnection;
import io.gameport.client.ClientResumeSettings;
import io.gameport.client.GameClient;
import io.gameport.client.GameClientSettings;
import io.gameport.client.SessionListener;
import io.gameport.net.CloseReason;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.bots.BotFleet;
import io.gameport.sample.bots.BotSettings;
import io.gameport.sample.bots.BotStats;
import io.gameport.sample.link.SampleProtocol;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room server and bots with resumable sessions, their room connections through a
 * {@link FaultProxy}: a bot whose connection drops keeps its seat, gets every tick and chat line
 * sent while it was away, in order, and its own moves and chat lines sent around the drop reach
 * the room exactly once. And the seat's rules still hold over resume tokens: a newer login takes
 * the seat from a suspended session, whose resume is then refused.
 */
@Timeout(120)
class ResumeEndToEndTest {

    private static final byte[] SECRET = SampleGameEndToEndTest.SECRET;
    private static final int BOTS = 6;

    @TempDir
    Path dir;

    @Test
    void botsWhoseConnectionsDropKeepTheirSeatsAndMissNothing() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults(), SECRET).withResumeGraceMs(30_000));
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", rooms.port()));
             LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                     AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                     1, 64, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", proxy.address().getPort()));
             // rooms of 10: every bot in one room, chatting every 300 ms on average
             BotFleet fleet = new BotFleet(new BotSettings(new InetSocketAddress("127.0.0.1", login.port()), "resume-",
                     "pw", 10, 50, 300, 10), transport)) {
            BotStats stats = fleet.stats();
            fleet.start(BOTS);
            await(() -> stats.inRoom() == BOTS, "every bot in its room: " + stats.errorsByKind());

            // Black holes first: the server sees nothing; each bot notices the silence within seconds,
            // resumes on a new connection and takes its session over from the dead one.
            assertEquals(BOTS, proxy.blackHoleAll().get(10, TimeUnit.SECONDS));
            await(() -> stats.resumes() >= BOTS, "every bot resumed after its black hole: " + stats.resumes());
            long chatBefore = stats.received();
            // Then resets: both ends see the drop at once.
            awaitForwarding(proxy, BOTS);
            for (ProxiedConnection live : proxy.connections()) {
                if (live.state() == ProxiedConnection.State.FORWARDING) {
                    assertTrue(proxy.reset(live.id()).get(10, TimeUnit.SECONDS));
                }
            }
            await(() -> stats.resumes() >= 2 * BOTS, "every bot resumed after its reset: " + stats.resumes());
            // play on a little, so what was kept and sent again is followed by fresh traffic
            long ticks = rooms.ticks() + 20;
            await(() -> rooms.ticks() >= ticks && stats.received() > chatBefore + 20 * BOTS, "the room played on");

            assertEquals(0, stats.lost(), "ticks and chat lines the bots missed");
            assertEquals(0, stats.duplicated(), "ticks and chat lines the bots saw twice");
            assertEquals(0, rooms.inputsLost(), "moves and chat lines the room never got");
            assertEquals(0, rooms.inputsRepeated(), "moves and chat lines the room got twice");
            assertEquals(0, stats.totalErrors(), stats.errorsByKind());
            assertEquals(0, stats.disconnects(), "no bot lost its session");
            assertEquals(0, stats.resumeFailures());
            assertEquals(BOTS, stats.inRoom());
            // the seats never moved: nobody needed a ticket or a reconnect token again
            assertEquals(0, rooms.refusedSeats());
            assertEquals(0, rooms.evictions());
            assertTrue(rooms.sessionsResumed() >= 2 * BOTS, "resumed on the server: " + rooms.sessionsResumed());
        }
    }

    @Test
    void aBotWhoseFirstRoomConnectionDiesBeforeItEnteredEntersWithItsTicketAgain() throws Exception {
        BotStats stats = firstRoomConnectionCut(false);
        assertEquals(1, stats.disconnects(), "the lost first connection is counted");
        assertEquals(1, stats.errors(io.gameport.sample.bots.BotError.UNEXPECTED_DISCONNECT));
        assertEquals(0, stats.droppedBeforeResumable());
    }

    @Test
    void aFleetExpectingDroppedRoomConnectionsCountsADropBeforeTheSessionWasResumableApartFromErrors() throws Exception {
        BotStats stats = firstRoomConnectionCut(true);
        assertEquals(1, stats.droppedBeforeResumable(), "the drop is counted as one before the session was resumable");
        assertEquals(0, stats.disconnects());
        assertEquals(0, stats.totalErrors(), stats.errorsByKind());
    }

    private BotStats firstRoomConnectionCut(boolean expectDrops) throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults(), SECRET).withResumeGraceMs(30_000));
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", rooms.port()));
             LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                     AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                     1, 64, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", proxy.address().getPort()));
             BotFleet fleet = new BotFleet(new BotSettings(new InetSocketAddress("127.0.0.1", login.port()), "early-",
                     "pw", 10, 50, 300, 10), transport)) {
            if (expectDrops) {
                fleet.expectDroppedRoomConnections();
            }
            // the bot's first room connection dies in its first frame: no session, no reconnect token yet
            proxy.cutNext(io.gameport.chaos.Direction.CLIENT_TO_SERVER, 1).get(10, TimeUnit.SECONDS);
            fleet.start(1);
            await(() -> fleet.stats().inRoom() == 1, "the bot entered on a second connection: " + fleet.stats().errorsByKind());
            assertEquals(1, proxy.counts().cuts());
            assertEquals(0, rooms.refusedTickets());
            assertEquals(0, rooms.refusedSeats(), "the ticket was not spent by the connection that died");
            return fleet.stats();
        }
    }

    @Test
    void aNewerLoginTakesTheSeatFromASuspendedSessionWhoseResumeIsThenRefused() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults(), SECRET).withResumeGraceMs(30_000));
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", rooms.port()));
             LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                     AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                     1, 64, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", rooms.port()));
             TransportClient client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES)) {
            ByteString firstTicket = logIn(client, login.port(), true);
            List<String> events = new CopyOnWriteArrayList<>();
            // a long dead-after, so the client holds on to its black-holed connection until the test resets it
            GameClient first = GameClient.builder().address(proxy.address()).codec(SampleProtocol.codec()).transport(client)
                    .settings(GameClientSettings.defaults().withResume(ClientResumeSettings.defaults().withEnabled(true)
                            .withDeadAfterMs(60_000).withHeartbeatIntervalMs(30_000)))
                    .onSession(new SessionListener() {
                        @Override
                        public void suspended(GameClient c, CloseReason why) {
                            events.add("suspended");
                        }

                        @Override
                        public void resumed(GameClient c) {
                            events.add("resumed");
                        }

                        @Override
                        public void lost(GameClient c, CloseReason why) {
                            events.add("lost");
                        }
                    })
                    .connect().get(10, TimeUnit.SECONDS);
            try {
                EnterResponse entered = first.request(EnterRequest.newBuilder().setTicket(firstTicket).build(),
                        EnterResponse.class, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                assertEquals(RoomResult.ROOM_RESULT_OK, entered.getResult());
                ProxiedConnection link = proxy.connections().get(0);
                proxy.blackHole(link.id()).get(10, TimeUnit.SECONDS);

                // the same account logs in again elsewhere: its newer ticket takes the seat, and the
                // session that held it is closed for good although its client has not noticed yet
                ByteString newerTicket = logIn(client, login.port(), false);
                try (TestClient second = new TestClient(client, rooms.port())) {
                    EnterResponse taken = second.request(EnterRequest.newBuilder().setTicket(newerTicket).build(),
                            EnterResponse.class);
                    assertEquals(RoomResult.ROOM_RESULT_OK, taken.getResult());
                    assertEquals(1, rooms.evictions());

                    // the old connection dies; its client resumes with its token and is refused: the session is gone
                    proxy.reset(link.id()).get(10, TimeUnit.SECONDS);
                    await(() -> events.contains("lost"), "the old session lost: " + events);
                    assertEquals(List.of("suspended", "lost"), events, "suspended, then refused: never resumed");
                    assertTrue(!first.isOpen(), "the old client closed");

                    assertEquals(0, rooms.sessionsResumed(), "nothing resumed");
                }
            } finally {
                first.close();
            }
        }
    }

    /** Registers (first time) and logs in the account "taker"; returns the ticket. */
    private static ByteString logIn(TransportClient client, int loginPort, boolean register) throws Exception {
        try (TestClient c = new TestClient(client, loginPort)) {
            if (register) {
                assertEquals(LoginResult.LOGIN_RESULT_OK, c.request(RegisterRequest.newBuilder().setName("taker")
                        .setPassword("pw-taker").build(), RegisterResponse.class).getResult());
            }
            LoginResponse response = c.request(LoginRequest.newBuilder().setName("taker").setPassword("pw-taker").build(),
                    LoginResponse.class);
            assertEquals(LoginResult.LOGIN_RESULT_OK, response.getResult());
            return response.getTicket();
        }
    }

    private static void awaitForwarding(FaultProxy proxy, int count) throws InterruptedException {
        await(() -> proxy.connections().stream().filter(c -> c.state() == ProxiedConnection.State.FORWARDING).count() >= count,
                count + " connections forwarding");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not within 60 s");
            }
            Thread.sleep(10);
        }
    }
}

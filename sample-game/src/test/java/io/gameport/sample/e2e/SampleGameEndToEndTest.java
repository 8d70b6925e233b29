package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import com.google.protobuf.ByteString;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.messages.ChatBroadcast;
import io.gameport.sample.messages.ChatMessage;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.ListRoomsRequest;
import io.gameport.sample.messages.ListRoomsResponse;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.MoveInput;
import io.gameport.sample.messages.ReconnectRequest;
import io.gameport.sample.messages.ReconnectResponse;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import io.gameport.sample.ticket.TicketSigner;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The login and room servers over real loopback sockets, driven by scripted clients. */
@Timeout(60)
class SampleGameEndToEndTest {

    static final byte[] SECRET = "end-to-end-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private RoomServer rooms;
    private LoginServer login;
    private TransportClient client;

    @BeforeEach
    void start() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults().withReconnectGraceMs(30_000), SECRET));
        login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                2, 64, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", rooms.port()));
        client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
    }

    @AfterEach
    void stop() {
        client.close();
        login.close();
        rooms.close();
    }

    private LoginResponse registerAndLogin(String name) throws Exception {
        try (TestClient c = new TestClient(client, login.port())) {
            RegisterResponse registered = c.request(RegisterRequest.newBuilder().setName(name).setPassword("pw-" + name).build(),
                    RegisterResponse.class);
            assertEquals(LoginResult.LOGIN_RESULT_OK, registered.getResult());
            LoginResponse response = c.request(LoginRequest.newBuilder().setName(name).setPassword("pw-" + name).build(),
                    LoginResponse.class);
            assertEquals(LoginResult.LOGIN_RESULT_OK, response.getResult());
            return response;
        }
    }

    private TestClient enter(LoginResponse ticket) throws Exception {
        TestClient c = new TestClient(client, ticket.getRoomServerPort());
        EnterResponse entered = c.request(EnterRequest.newBuilder().setTicket(ticket.getTicket()).build(), EnterResponse.class);
        assertEquals(RoomResult.ROOM_RESULT_OK, entered.getResult());
        assertEquals(ticket.getPlayerId(), entered.getPlayerId());
        c.reconnectToken = entered.getReconnectToken();
        return c;
    }

    @Test
    void registersLogsInAndGetsATicketWithTheRoomServerAddress() throws Exception {
        LoginResponse response = registerAndLogin("alice");
        assertTrue(response.getPlayerId() > 0);
        assertFalse(response.getTicket().isEmpty());
        assertEquals("127.0.0.1", response.getRoomServerHost());
        assertEquals(rooms.port(), response.getRoomServerPort());
        assertEquals(1, login.registrations());
    }

    @Test
    void wrongPasswordUnknownNameTakenNameAndMalformedRequestsGetClearReplies() throws Exception {
        registerAndLogin("bob");
        try (TestClient c = new TestClient(client, login.port())) {
            assertEquals(LoginResult.LOGIN_RESULT_BAD_PASSWORD, c.request(
                    LoginRequest.newBuilder().setName("bob").setPassword("nope").build(), LoginResponse.class).getResult());
            assertEquals(LoginResult.LOGIN_RESULT_UNKNOWN_NAME, c.request(
                    LoginRequest.newBuilder().setName("nobody").setPassword("x").build(), LoginResponse.class).getResult());
            assertEquals(LoginResult.LOGIN_RESULT_NAME_TAKEN, c.request(
                    RegisterRequest.newBuilder().setName("bob").setPassword("x").build(), RegisterResponse.class).getResult());
            c.sendRaw(ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0, 0, 0, 1, 9, 9, 9}));
            assertEquals(LoginResult.LOGIN_RESULT_MALFORMED, c.await(LoginResponse.class).getResult());
            assertEquals(LoginResult.LOGIN_RESULT_MALFORMED, c.request(ListRoomsRequest.getDefaultInstance(),
                    LoginResponse.class).getResult());
            assertEquals(LoginResult.LOGIN_RESULT_OK, c.request(
                    LoginRequest.newBuilder().setName("bob").setPassword("pw-bob").build(), LoginResponse.class).getResult());
        }
    }

    @Test
    void floodFromOneAddressIsRateLimitedWithARetryTime() throws Exception {
        login.close();
        login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), TransportSettings.defaults()
                .withWorkers(1), AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("flood"))
                .withHashIterations(1_000), 1, 64, SECRET, 60_000, 1, 3, "127.0.0.1", rooms.port()));
        try (TestClient c = new TestClient(client, login.port())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(LoginResult.LOGIN_RESULT_UNKNOWN_NAME, c.request(
                        LoginRequest.newBuilder().setName("ghost").setPassword("x").build(), LoginResponse.class).getResult());
            }
            LoginResponse limited = c.request(LoginRequest.newBuilder().setName("ghost").setPassword("x").build(),
                    LoginResponse.class);
            assertEquals(LoginResult.LOGIN_RESULT_RATE_LIMITED, limited.getResult());
            assertTrue(limited.getRetryAfterMs() > 0);
        }
    }

    @Test
    void forgedTicketIsRefused() throws Exception {
        LoginResponse real = registerAndLogin("carol");
        byte[] forged = real.getTicket().toByteArray();
        forged[5] ^= 1;
        try (TestClient c = new TestClient(client, rooms.port())) {
            EnterResponse refused = c.request(EnterRequest.newBuilder().setTicket(ByteString.copyFrom(forged)).build(),
                    EnterResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_INVALID_TICKET, refused.getResult());
            byte[] otherSecret = "another-secret-of-enough-length-0123456789".getBytes(StandardCharsets.UTF_8);
            byte[] foreign = new TicketSigner(otherSecret, 60_000, Clock.systemUTC()).issue(real.getPlayerId(), "carol", 1);
            assertEquals(RoomResult.ROOM_RESULT_INVALID_TICKET, c.request(EnterRequest.newBuilder()
                    .setTicket(ByteString.copyFrom(foreign)).build(), EnterResponse.class).getResult());
            assertEquals(RoomResult.ROOM_RESULT_NOT_ENTERED, c.request(ListRoomsRequest.getDefaultInstance(),
                    EnterResponse.class).getResult());
        }
    }

    @Test
    void expiredTicketIsRefused() throws Exception {
        byte[] expired = new TicketSigner(SECRET, 60_000, Clock.systemUTC()).issueExpiring(77, "dave", 1, System.currentTimeMillis() - 1);
        try (TestClient c = new TestClient(client, rooms.port())) {
            EnterResponse refused = c.request(EnterRequest.newBuilder().setTicket(ByteString.copyFrom(expired)).build(),
                    EnterResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_TICKET_EXPIRED, refused.getResult());
        }
    }

    @Test
    void joiningAFullRoomIsRefused() throws Exception {
        try (TestClient a = enter(registerAndLogin("erin")); TestClient b = enter(registerAndLogin("frank"))) {
            CreateRoomResponse created = a.request(CreateRoomRequest.newBuilder().setName("duo").setCapacity(1).build(),
                    CreateRoomResponse.class);
            int roomId = created.getRoom().getRoomId();
            assertEquals(RoomResult.ROOM_RESULT_OK, a.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(),
                    JoinRoomResponse.class).getResult());
            JoinRoomResponse full = b.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_ROOM_FULL, full.getResult());
            a.await(TickState.class); // the list is the snapshot published with the last tick
            ListRoomsResponse list = b.request(ListRoomsRequest.getDefaultInstance(), ListRoomsResponse.class);
            assertEquals(1, list.getRooms(0).getMemberCount());
        }
    }

    @Test
    void chatReachesEveryMemberInTheOrderSent() throws Exception {
        List<TestClient> members = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                members.add(enter(registerAndLogin("chat" + i)));
            }
            int roomId = members.get(0).request(CreateRoomRequest.newBuilder().setName("talk").build(),
                    CreateRoomResponse.class).getRoom().getRoomId();
            for (TestClient member : members) {
                assertEquals(RoomResult.ROOM_RESULT_OK, member.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(),
                        JoinRoomResponse.class).getResult());
            }
            // Five lines per sender: within the chat limit's burst (RoomLimits.chatPerSecond).
            final int LINES = 15;
            List<String> expected = new ArrayList<>();
            List<String> pacedBy = new ArrayList<>();
            TestClient pacer = members.get(3);
            for (int line = 1; line <= LINES; line++) {
                expected.add("line " + line);
                members.get(line % 3).send(ChatMessage.newBuilder().setText("line " + line).setClientSequence(line).build());
                // Lines come from three connections: waiting until a listener has each one makes the
                // order in which the server received them the order sent.
                pacedBy.add(pacer.await(ChatBroadcast.class).getText());
            }
            assertEquals(expected, pacedBy, "listener");
            for (int m = 0; m < 3; m++) {
                List<String> lines = new ArrayList<>();
                for (int line = 1; line <= LINES; line++) {
                    lines.add(members.get(m).await(ChatBroadcast.class).getText());
                }
                assertEquals(expected, lines, "member " + m);
            }
        } finally {
            members.forEach(TestClient::close);
        }
    }

    @Test
    void movementIsReflectedInTheNextTickBroadcast() throws Exception {
        try (TestClient mover = enter(registerAndLogin("mover")); TestClient watcher = enter(registerAndLogin("watcher"))) {
            int roomId = mover.request(CreateRoomRequest.newBuilder().setName("field").build(), CreateRoomResponse.class)
                    .getRoom().getRoomId();
            JoinRoomResponse joined = mover.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class);
            long id = joined.getMembers(0).getPlayerId();
            watcher.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class);
            TickState before = watcher.await(TickState.class);
            float startX = before.getXs(member(before, id));
            mover.send(MoveInput.newBuilder().setInputSequence(1).setDx(1).build());
            TickState after;
            do {
                after = watcher.await(TickState.class);
            } while (after.getLastInputSequences(member(after, id)) != 1);
            assertEquals(startX + RoomSettings.defaults().speedPerTick(), after.getXs(member(after, id)), 1e-4);
            TickState next = watcher.await(TickState.class);
            assertEquals(after.getTick() + 1, next.getTick());
        }
    }

    @Test
    void reconnectWithinGraceGetsThePlaceBack() throws Exception {
        LoginResponse ticket = registerAndLogin("gina");
        TestClient first = enter(ticket);
        int roomId = first.request(CreateRoomRequest.newBuilder().setName("solo").setCapacity(1).build(),
                CreateRoomResponse.class).getRoom().getRoomId();
        first.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class);
        first.drop();
        try (TestClient other = enter(registerAndLogin("hank"))) {
            assertEquals(RoomResult.ROOM_RESULT_ROOM_FULL, other.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(),
                    JoinRoomResponse.class).getResult(), "the dropped player's place is held");
        }
        try (TestClient again = new TestClient(client, rooms.port())) {
            ReconnectResponse resumed = again.request(ReconnectRequest.newBuilder().setTicket(ticket.getTicket())
                    .setReconnectToken(first.reconnectToken).build(), ReconnectResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_OK, resumed.getResult());
            assertEquals(roomId, resumed.getRoom().getRoomId());
            TickState tick = again.await(TickState.class);
            assertEquals(roomId, tick.getRoomId());
            assertEquals(ticket.getPlayerId(), tick.getPlayerIds(0));
        }
    }

    /** Where {@code playerId} is in the tick's columns. */
    private static int member(TickState tick, long playerId) {
        int index = tick.getPlayerIdsList().indexOf(playerId);
        if (index < 0) {
            throw new AssertionError("player " + playerId + " not in tick " + tick.getTick());
        }
        return index;
    }
}

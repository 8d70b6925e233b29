package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import com.google.protobuf.ByteString;
import io.gameport.net.CloseReason;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.messages.Disconnect;
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
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.MemberLeft;
import io.gameport.sample.messages.ReconnectRequest;
import io.gameport.sample.messages.ReconnectResponse;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seat attacks of issue 9 over real sockets: replayed and stolen tickets, a third party's
 * reconnect, a newer login displacing the old connection (told why), and a connection entering
 * twice (the ghost player).
 */
@Timeout(60)
class SeatTheftEndToEndTest {

    private static final byte[] SECRET = SampleGameEndToEndTest.SECRET;

    @TempDir
    Path dir;
    private RoomServer rooms;
    private LoginServer login;
    private TransportClient client;

    private void start(long graceMs) throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults().withReconnectGraceMs(graceMs), SECRET));
        login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                2, 64, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", rooms.port()));
        client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (login != null) {
            login.close();
        }
        if (rooms != null) {
            rooms.close();
        }
    }

    private void register(String name) throws Exception {
        try (TestClient c = new TestClient(client, login.port())) {
            assertEquals(LoginResult.LOGIN_RESULT_OK, c.request(RegisterRequest.newBuilder().setName(name)
                    .setPassword("pw-" + name).build(), io.gameport.sample.messages.RegisterResponse.class).getResult());
        }
    }

    private LoginResponse logIn(String name) throws Exception {
        try (TestClient c = new TestClient(client, login.port())) {
            LoginResponse response = c.request(LoginRequest.newBuilder().setName(name).setPassword("pw-" + name).build(),
                    LoginResponse.class);
            assertEquals(LoginResult.LOGIN_RESULT_OK, response.getResult());
            return response;
        }
    }

    private EnterResponse enter(TestClient c, ByteString ticket) throws Exception {
        EnterResponse entered = c.request(EnterRequest.newBuilder().setTicket(ticket).build(), EnterResponse.class);
        c.reconnectToken = entered.getReconnectToken();
        return entered;
    }

    /** An entered player sitting alone in a room of its own. */
    private TestClient seated(LoginResponse ticket) throws Exception {
        TestClient c = new TestClient(client, rooms.port());
        assertEquals(RoomResult.ROOM_RESULT_OK, enter(c, ticket.getTicket()).getResult());
        int roomId = c.request(CreateRoomRequest.newBuilder().setName("room").setCapacity(4).build(),
                CreateRoomResponse.class).getRoom().getRoomId();
        assertEquals(RoomResult.ROOM_RESULT_OK, c.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(),
                JoinRoomResponse.class).getResult());
        return c;
    }

    @Test
    void aTicketEntersOnceEvenAfterItsConnectionDropped() throws Exception {
        start(30_000);
        register("once");
        LoginResponse ticket = logIn("once");
        TestClient first = new TestClient(client, rooms.port());
        assertEquals(RoomResult.ROOM_RESULT_OK, enter(first, ticket.getTicket()).getResult());
        first.drop();
        first.awaitClosed();
        try (TestClient replay = new TestClient(client, rooms.port())) {
            assertEquals(RoomResult.ROOM_RESULT_TICKET_USED, enter(replay, ticket.getTicket()).getResult());
        }
    }

    @Test
    void aStolenTicketFromAnotherConnectionIsRefusedWhileTheOwnerPlaysOn() throws Exception {
        start(30_000);
        register("victim");
        LoginResponse ticket = logIn("victim");
        try (TestClient owner = seated(ticket); TestClient thief = new TestClient(client, rooms.port())) {
            assertEquals(RoomResult.ROOM_RESULT_TICKET_USED, enter(thief, ticket.getTicket()).getResult());
            thief.send(ChatMessage.newBuilder().setText("I am the victim").setClientSequence(1).build());
            owner.send(ChatMessage.newBuilder().setText("still me").setClientSequence(1).build());
            ChatBroadcast heard = owner.await(ChatBroadcast.class);
            assertEquals("still me", heard.getText(), "the thief's line went nowhere");
            assertEquals(ticket.getPlayerId(), heard.getFromPlayerId());
            owner.await(TickState.class);
            assertNull(owner.closed, "the owner's connection is untouched");
            assertEquals(0, rooms.evictions());
        }
    }

    @Test
    void aThirdPartysReconnectDuringTheGracePeriodIsRefusedAndTheOwnersWorks() throws Exception {
        start(30_000);
        register("dropper");
        LoginResponse ticket = logIn("dropper");
        TestClient owner = seated(ticket);
        ByteString token = owner.reconnectToken;
        owner.drop();
        owner.awaitClosed();
        try (TestClient thief = new TestClient(client, rooms.port())) {
            assertEquals(RoomResult.ROOM_RESULT_BAD_RECONNECT_TOKEN, thief.request(ReconnectRequest.newBuilder()
                    .setTicket(ticket.getTicket()).build(), ReconnectResponse.class).getResult());
            assertEquals(RoomResult.ROOM_RESULT_BAD_RECONNECT_TOKEN, thief.request(ReconnectRequest.newBuilder()
                    .setTicket(ticket.getTicket()).setReconnectToken(ByteString.copyFrom(new byte[16])).build(),
                    ReconnectResponse.class).getResult());
        }
        try (TestClient back = new TestClient(client, rooms.port())) {
            ReconnectResponse resumed = back.request(ReconnectRequest.newBuilder().setTicket(ticket.getTicket())
                    .setReconnectToken(token).build(), ReconnectResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_OK, resumed.getResult());
            assertTrue(resumed.hasRoom(), "the seat kept its room");
            assertEquals(16, resumed.getReconnectToken().size());
            assertTrue(!resumed.getReconnectToken().equals(token), "a fresh token for the next drop");
        }
    }

    @Test
    void aNewerLoginTakesTheSeatAndTheDisplacedConnectionIsToldWhyButAnOlderTicketIsRefused() throws Exception {
        start(30_000);
        register("twice");
        LoginResponse older = logIn("twice");
        LoginResponse first = logIn("twice");
        TestClient displaced = seated(first);
        LoginResponse newer = logIn("twice");
        try (TestClient fresh = new TestClient(client, rooms.port())) {
            assertEquals(RoomResult.ROOM_RESULT_OK, enter(fresh, newer.getTicket()).getResult());
            Disconnect told = displaced.await(Disconnect.class);
            assertEquals(io.gameport.protocol.messages.ErrorCode.ERROR_CODE_SESSION_REPLACED, told.getCode());
            assertTrue(told.getReason().contains("newer login"), told.getReason());
            assertEquals(CloseReason.PEER_CLOSED, displaced.awaitClosed());
            assertEquals(1, rooms.evictions());
            TickState tick = fresh.await(TickState.class);
            assertEquals(first.getPlayerId(), tick.getPlayerIds(0), "the seat kept its room");
            try (TestClient late = new TestClient(client, rooms.port())) {
                assertEquals(RoomResult.ROOM_RESULT_STALE_LOGIN, enter(late, older.getTicket()).getResult());
            }
            assertNull(fresh.closed);
        }
    }

    @Test
    void aConnectionThatEnteredCannotEnterAgainAndItsPlayerLeavesTheRoomWhenItCloses() throws Exception {
        start(0);
        register("ghost");
        register("other");
        register("watcher");
        TestClient ghost = seated(logIn("ghost"));
        LoginResponse other = logIn("other");
        try (TestClient watcher = new TestClient(client, rooms.port())) {
            assertEquals(RoomResult.ROOM_RESULT_OK, enter(watcher, logIn("watcher").getTicket()).getResult());
            int roomId = ghost.await(TickState.class).getRoomId();
            assertEquals(RoomResult.ROOM_RESULT_OK, watcher.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(),
                    JoinRoomResponse.class).getResult());
            assertEquals(RoomResult.ROOM_RESULT_ALREADY_ENTERED, ghost.request(EnterRequest.newBuilder()
                    .setTicket(other.getTicket()).build(), EnterResponse.class).getResult());
            assertEquals(RoomResult.ROOM_RESULT_ALREADY_ENTERED, ghost.request(ReconnectRequest.newBuilder()
                    .setTicket(other.getTicket()).build(), ReconnectResponse.class).getResult());
            long ghostId = ghost.request(ChatMessage.newBuilder().setText("me").setClientSequence(1).build(),
                    ChatBroadcast.class).getFromPlayerId();
            ghost.drop();
            MemberLeft left = watcher.await(MemberLeft.class);
            assertEquals(ghostId, left.getPlayerId(), "the closed connection's player left the room");
            TickState tick;
            do {
                tick = watcher.await(TickState.class);
            } while (tick.getPlayerIdsCount() != 1);
            assertEquals(1, tick.getPlayerIdsCount());
        }
        try (TestClient later = new TestClient(client, rooms.port())) {
            assertEquals(RoomResult.ROOM_RESULT_OK, enter(later, other.getTicket()).getResult(),
                    "the refused ticket was not spent by the refusal");
        }
    }
}

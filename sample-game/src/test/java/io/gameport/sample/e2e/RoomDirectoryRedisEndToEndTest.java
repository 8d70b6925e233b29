package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.sample.directory.DirectorySettings;
import io.gameport.sample.directory.RedisRoomDirectory;
import io.gameport.sample.directory.RoomDirectory;
import io.gameport.sample.directory.ThrowawayRedis;
import io.gameport.sample.hostile.ServerProcess;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room directory on a real Redis (a redis-server of the test's own: it is stopped and
 * restarted): the login and room servers in this JVM through an outage, and as separate processes
 * started the way an operator starts them, one room server killed with SIGKILL mid-run. Skipped
 * with a message when redis-server is absent; failed then when GAMEPORT_TEST_REDIS_REQUIRED is true.
 */
@Timeout(180)
class RoomDirectoryRedisEndToEndTest {

    /** Short TTL for the in-JVM servers: a renewal every 300 ms. */
    private static final DirectorySettings FAST = DirectorySettings.DEFAULTS.withServerTtlMs(900);

    @TempDir
    Path dir;
    private ThrowawayRedis redis;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closing.add(resource);
        return resource;
    }

    @Test
    void loginsAreToldBusyWhileRedisIsDownAndEverythingRecoversWhenItReturns() throws Exception {
        redis = ThrowawayRedis.startOrSkip();
        RoomDirectory observer = closing(new RedisRoomDirectory(redis.url(), FAST));
        ScaleOut scale = closing(new ScaleOut(dir, observer, () -> closing(new RedisRoomDirectory(redis.url(), FAST)), 2, 100));
        List<ScaleOut.Entered> players = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            scale.register("player" + i);
            LoginResponse login = scale.login("player" + i, "");
            assertEquals(LoginResult.LOGIN_RESULT_OK, login.getResult());
            ScaleOut.Entered player = scale.enter(login);
            closing(player.client());
            assertEquals(RoomResult.ROOM_RESULT_OK, player.response().getResult());
            CreateRoomResponse created = player.client().request(CreateRoomRequest.newBuilder().setName("r" + i).build(),
                    CreateRoomResponse.class);
            JoinRoomResponse joined = player.client().request(JoinRoomRequest.newBuilder()
                    .setRoomId(created.getRoom().getRoomId()).build(), JoinRoomResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_OK, joined.getResult());
            players.add(player);
        }
        scale.register("waiting");

        redis.stop();
        LoginResponse down = scale.login("waiting", "");
        assertEquals(LoginResult.LOGIN_RESULT_UNAVAILABLE, down.getResult(), "busy, retry while Redis is down");
        assertTrue(down.getRetryAfterMs() > 0);
        // The room servers keep serving the players they have.
        for (ScaleOut.Entered player : players) {
            player.client().drain();
            player.client().await(TickState.class);
            assertNull(player.client().closed);
        }

        redis.start();
        ScaleOut.awaitTrue("both room servers registered again", () -> scale.liveServers() == 2);
        LoginResponse back = scale.login("waiting", "");
        assertEquals(LoginResult.LOGIN_RESULT_OK, back.getResult(), "logins recover by themselves");
        ScaleOut.Entered late = scale.enter(back);
        closing(late.client());
        assertEquals(RoomResult.ROOM_RESULT_OK, late.response().getResult());
        // The rooms were recorded again: a player asking for one goes to its owner.
        ScaleOut.Entered owner = players.get(0);
        String room = owner.response().getDirectoryRoomPrefix() + "1";
        ScaleOut.awaitTrue("rooms recorded again", () -> observer.servers().value().stream()
                .mapToInt(info -> info.load().rooms()).sum() >= 4);
        scale.register("friend");
        LoginResponse friend = scale.login("friend", room);
        assertEquals(LoginResult.LOGIN_RESULT_OK, friend.getResult());
        assertEquals(owner.port(), friend.getRoomServerPort());
        assertTrue(scale.login.directoryUnavailable() >= 1);
    }

    @Test
    void aRoomServerProcessKilledMidRunLosesOnlyItsOwnPlayersWhoAreReplacedElsewhere() throws Exception {
        redis = ThrowawayRedis.startOrSkip();
        String run = Long.toHexString(System.nanoTime());
        ServerProcess roomA = closing(ServerProcess.roomServerOn(dir, redis.url(), "a-" + run).start());
        ServerProcess roomB = closing(ServerProcess.roomServerOn(dir, redis.url(), "b-" + run).start());
        ServerProcess login = closing(ServerProcess.loginServerOn(dir, redis.url()).start());
        RoomDirectory observer = closing(new RedisRoomDirectory(redis.url(), DirectorySettings.DEFAULTS));
        ScaleOut.awaitTrue("both room servers registered", () -> observer.servers().isOk()
                && observer.servers().value().size() == 2);
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        TransportClient client = closing(new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES));

        List<TestClient> onA = new ArrayList<>();
        List<TestClient> onB = new ArrayList<>();
        List<String> namesOnA = new ArrayList<>();
        String roomOnA = null;
        for (int i = 0; i < 6; i++) {
            String name = "player" + i;
            LoginResponse ticket = registerAndLogin(client, login.port(), name, "");
            assertEquals(LoginResult.LOGIN_RESULT_OK, ticket.getResult());
            TestClient c = closing(new TestClient(client, ticket.getRoomServerPort()));
            EnterResponse entered = c.request(EnterRequest.newBuilder().setTicket(ticket.getTicket()).build(), EnterResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_OK, entered.getResult());
            CreateRoomResponse created = c.request(CreateRoomRequest.newBuilder().setName("room " + i).build(),
                    CreateRoomResponse.class);
            c.request(JoinRoomRequest.newBuilder().setRoomId(created.getRoom().getRoomId()).build(), JoinRoomResponse.class);
            if (ticket.getRoomServerPort() == roomA.port()) {
                onA.add(c);
                namesOnA.add(name);
                roomOnA = entered.getDirectoryRoomPrefix() + created.getRoom().getRoomId();
            } else {
                assertEquals(roomB.port(), ticket.getRoomServerPort());
                onB.add(c);
            }
        }
        assertTrue(!onA.isEmpty() && !onB.isEmpty(), "placed on both by load: " + onA.size() + " and " + onB.size());
        String lostRoom = roomOnA;
        String serverA = "a-" + run;
        int roomsOnA = onA.size();
        ScaleOut.awaitTrue("A's rooms recorded", () -> observer.servers().value().stream()
                .anyMatch(info -> info.registration().serverId().equals(serverA) && info.load().rooms() >= roomsOnA));

        roomA.close(); // SIGKILL: no drain, no deregistration
        for (TestClient c : onA) {
            c.awaitClosed();
        }
        ScaleOut.awaitTrue("the killed server lapsed", () -> observer.servers().isOk()
                && observer.servers().value().size() == 1);

        LoginResponse replaced = registerAndLogin(client, login.port(), namesOnA.get(namesOnA.size() - 1), lostRoom);
        assertEquals(LoginResult.LOGIN_RESULT_ROOM_LOST, replaced.getResult(), "its players are told the room is lost");
        assertEquals(roomB.port(), replaced.getRoomServerPort(), "and placed on the live server");
        TestClient again = closing(new TestClient(client, replaced.getRoomServerPort()));
        assertEquals(RoomResult.ROOM_RESULT_OK, again.request(EnterRequest.newBuilder().setTicket(replaced.getTicket()).build(),
                EnterResponse.class).getResult());

        // Nobody else was affected: B's players still tick, on their first connection.
        for (TestClient c : onB) {
            c.drain();
            c.await(TickState.class);
            assertNull(c.closed);
        }
        roomB.assertAlive();
        login.assertAlive();
    }

    private static LoginResponse registerAndLogin(TransportClient client, int port, String name, String room) throws Exception {
        try (TestClient c = new TestClient(client, port)) {
            RegisterResponse registered = c.request(RegisterRequest.newBuilder().setName(name).setPassword("pw-" + name).build(),
                    RegisterResponse.class);
            assertTrue(registered.getResult() == LoginResult.LOGIN_RESULT_OK
                    || registered.getResult() == LoginResult.LOGIN_RESULT_NAME_TAKEN, registered.toString());
            return c.request(LoginRequest.newBuilder().setName(name).setPassword("pw-" + name).setRoom(room).build(),
                    LoginResponse.class);
        }
    }
}

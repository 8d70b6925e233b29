package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.sample.directory.DirectorySettings;
import io.gameport.sample.directory.InProcessRoomDirectory;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import com.google.protobuf.ByteString;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.ticket.Ticket;
import io.gameport.sample.ticket.TicketSigner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One login server and several room servers in one process on the in-process room directory,
 * driven through real logins and enters: placement by load, a room's players sent to its owner,
 * the last seat, a room server that dies, a directory the login server cannot reach, and drain.
 */
@Timeout(90)
class RoomDirectoryEndToEndTest {

    /** Short times so a dead server lapses within a second; the renewals come every 300 ms. */
    static final DirectorySettings FAST = DirectorySettings.DEFAULTS.withServerTtlMs(900).withReservationTtlMs(5_000);

    @TempDir
    Path dir;
    private ScaleOut scale;
    private CuttableDirectory recording;
    private final List<ScaleOut.Entered> entered = new ArrayList<>();

    private ScaleOut start(int roomServers, int capacity) throws Exception {
        return start(roomServers, capacity, FAST);
    }

    private ScaleOut start(int roomServers, int capacity, DirectorySettings settings) throws Exception {
        CuttableDirectory directory = new CuttableDirectory(new InProcessRoomDirectory(settings, Clock.systemUTC()));
        recording = directory;
        scale = new ScaleOut(dir, directory, () -> directory, roomServers, capacity);
        return scale;
    }

    @AfterEach
    void stop() {
        for (ScaleOut.Entered player : entered) {
            player.client().close();
        }
        if (scale != null) {
            scale.close();
        }
    }

    private ScaleOut.Entered play(String name, String room) throws Exception {
        LoginResponse login = scale.login(name, room);
        assertEquals(LoginResult.LOGIN_RESULT_OK, login.getResult(), name);
        ScaleOut.Entered player = scale.enter(login);
        entered.add(player);
        assertEquals(RoomResult.ROOM_RESULT_OK, player.response().getResult(), name);
        return player;
    }

    @Test
    void newPlayersAreSpreadByLoadAndARoomsPlayersGoToItsOwner() throws Exception {
        start(3, 100);
        Map<Integer, Integer> perServer = new HashMap<>();
        List<ScaleOut.Entered> players = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            scale.register("player" + i);
            ScaleOut.Entered player = play("player" + i, "");
            players.add(player);
            perServer.merge(player.port(), 1, Integer::sum);
        }
        assertEquals(3, perServer.size(), "every server got players: " + perServer);
        perServer.values().forEach(count -> assertTrue(count >= 2, "spread by load: " + perServer));

        // The first player makes a room; friends asking the login server for it are sent to its owner,
        // however loaded that owner is compared with the others.
        ScaleOut.Entered owner = players.get(0);
        CreateRoomResponse created = owner.client().request(CreateRoomRequest.newBuilder().setName("ours").build(),
                CreateRoomResponse.class);
        assertEquals(RoomResult.ROOM_RESULT_OK, created.getResult());
        String room = owner.response().getDirectoryRoomPrefix() + created.getRoom().getRoomId();
        assertTrue(owner.response().getDirectoryRoomPrefix().startsWith(scale.roomAt(owner.port()).serverId() + "/"), room);
        // The record, not the load report: the room server sends them on different timers.
        ScaleOut.awaitTrue("the room recorded", () -> recording.roomsRecorded() > 0);
        for (int i = 0; i < 4; i++) {
            scale.register("friend" + i);
            ScaleOut.Entered friend = play("friend" + i, room);
            assertEquals(owner.port(), friend.port(), "a room's players go to its owner");
            JoinRoomResponse joined = friend.client().request(JoinRoomRequest.newBuilder()
                    .setRoomId(created.getRoom().getRoomId()).build(), JoinRoomResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_OK, joined.getResult());
        }
        long claimed = scale.rooms.stream().mapToLong(RoomServer::claimedSeats).sum();
        assertEquals(13, claimed, "every enter claimed its reservation");
        assertEquals(LoginResult.LOGIN_RESULT_MALFORMED, scale.login("friend0", "x".repeat(201)).getResult(),
                "a room id longer than the directory takes");
    }

    @Test
    void theLastSeatGoesToOneLoginAndEveryOtherIsToldBusy() throws Exception {
        start(2, 2);
        int logins = 12;
        for (int i = 0; i < logins; i++) {
            scale.register("racer" + i);
        }
        ExecutorService racers = Executors.newFixedThreadPool(logins);
        List<Future<LoginResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < logins; i++) {
                String name = "racer" + i;
                answers.add(racers.submit(() -> scale.login(name, "")));
            }
            Map<Integer, Integer> placed = new HashMap<>();
            int busy = 0;
            for (Future<LoginResponse> answer : answers) {
                LoginResponse login = answer.get();
                if (login.getResult() == LoginResult.LOGIN_RESULT_OK) {
                    placed.merge(login.getRoomServerPort(), 1, Integer::sum);
                    ScaleOut.Entered player = scale.enter(login);
                    entered.add(player);
                    assertEquals(RoomResult.ROOM_RESULT_OK, player.response().getResult());
                } else {
                    assertEquals(LoginResult.LOGIN_RESULT_SERVER_BUSY, login.getResult(), "a loser is told busy");
                    assertTrue(login.getRetryAfterMs() > 0);
                    busy++;
                }
            }
            assertEquals(Map.of(scale.rooms.get(0).port(), 2, scale.rooms.get(1).port(), 2), placed,
                    "capacity never exceeded, every seat taken");
            assertEquals(logins - 4, busy);
            assertEquals(logins - 4, scale.login.noCapacity());
        } finally {
            racers.shutdownNow();
        }
    }

    @Test
    void aRoomServerSeatsOnlyTheReservationMadeForTheTicketsPlayer() throws Exception {
        start(1, 100);
        scale.register("alice");
        scale.register("mallory");
        LoginResponse alice = scale.login("alice", "");
        LoginResponse mallory = scale.login("mallory", "");
        TicketSigner signer = new TicketSigner(ScaleOut.SECRET, 60_000, Clock.systemUTC());
        Ticket alicesSeat = signer.verify(alice.getTicket().toByteArray()).ticket();
        Ticket mallorys = signer.verify(mallory.getTicket().toByteArray()).ticket();
        // Mallory's ticket (signed: think of a leaked secret) naming Alice's reservation does not get in.
        byte[] stolen = signer.issue(mallorys.playerId(), mallorys.name(), mallorys.generation() + 1,
                alicesSeat.reservationId(), alicesSeat.serverId());
        ScaleOut.Entered thief = scale.enter(alice.toBuilder().setTicket(ByteString.copyFrom(stolen)).build());
        entered.add(thief);
        assertEquals(RoomResult.ROOM_RESULT_NO_RESERVATION, thief.response().getResult());
        // Nor does a ticket without any reservation (a login server without the directory issued it).
        byte[] unreserved = signer.issue(mallorys.playerId(), mallorys.name(), mallorys.generation() + 2);
        ScaleOut.Entered bare = scale.enter(mallory.toBuilder().setTicket(ByteString.copyFrom(unreserved)).build());
        entered.add(bare);
        assertEquals(RoomResult.ROOM_RESULT_NO_RESERVATION, bare.response().getResult());
        // Mallory's own ticket names her own seat and gets in.
        ScaleOut.Entered own = scale.enter(mallory);
        entered.add(own);
        assertEquals(RoomResult.ROOM_RESULT_OK, own.response().getResult());
        assertEquals(2, scale.rooms.get(0).refusedReservations());
    }

    @Test
    void anUnclaimedReservationExpiresAndFreesItsSeat() throws Exception {
        start(1, 1, FAST.withReservationTtlMs(300));
        scale.register("absent");
        scale.register("present");
        LoginResponse absent = scale.login("absent", "");
        assertEquals(LoginResult.LOGIN_RESULT_OK, absent.getResult());
        assertEquals(LoginResult.LOGIN_RESULT_SERVER_BUSY, scale.login("present", "").getResult(), "the one seat is reserved");
        ScaleOut.awaitTrue("the reservation expired", () -> scale.directory.servers().value().get(0).reservedSeats() == 0);
        ScaleOut.Entered late = scale.enter(absent);
        entered.add(late);
        assertEquals(RoomResult.ROOM_RESULT_NO_RESERVATION, late.response().getResult(), "a ticket whose seat expired");
        play("present", "");
    }

    @Test
    void aRoomServerThatDiesStopsBeingChosenAndItsPlayersAreToldRoomLost() throws Exception {
        start(3, 100);
        List<ScaleOut.Entered> players = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            scale.register("player" + i);
            players.add(play("player" + i, ""));
        }
        ScaleOut.Entered victim = players.get(0);
        CreateRoomResponse created = victim.client().request(CreateRoomRequest.newBuilder().setName("doomed").build(),
                CreateRoomResponse.class);
        String room = victim.response().getDirectoryRoomPrefix() + created.getRoom().getRoomId();
        // The record, not the load report: the room server sends them on different timers.
        ScaleOut.awaitTrue("the room recorded", () -> recording.roomsRecorded() > 0);
        RoomServer dead = scale.roomAt(victim.port());
        // Dies without a word to the directory: its link is cut first, so even its deregistration is lost.
        scale.roomLinks.get(scale.rooms.indexOf(dead)).cut();
        dead.close();
        ScaleOut.awaitTrue("the dead server lapsed", () -> scale.liveServers() == 2);

        LoginResponse again = scale.login("player0", room);
        assertEquals(LoginResult.LOGIN_RESULT_ROOM_LOST, again.getResult(), "its player is told the room is lost");
        assertNotEquals(victim.port(), again.getRoomServerPort(), "and is placed elsewhere");
        ScaleOut.Entered replaced = scale.enter(again);
        entered.add(replaced);
        assertEquals(RoomResult.ROOM_RESULT_OK, replaced.response().getResult());
        assertEquals(1, scale.login.roomsLost());

        for (int i = 0; i < 6; i++) {
            scale.register("new" + i);
            assertNotEquals(victim.port(), play("new" + i, "").port(), "nobody is sent to the dead server");
        }
        // Nobody else was affected: the players on the other servers are still connected and ticking.
        for (ScaleOut.Entered player : players) {
            if (player.port() != victim.port()) {
                assertNull(player.client().closed, "a player elsewhere kept its connection");
            }
        }
    }

    @Test
    void aRoomServerIsNotReadyUntilItIsRegistered() throws Exception {
        CuttableDirectory link = new CuttableDirectory(new InProcessRoomDirectory(FAST, Clock.systemUTC()));
        link.cut();
        RoomServer room = RoomServer.start(new io.gameport.sample.room.RoomServerConfig(
                new java.net.InetSocketAddress("127.0.0.1", 0), io.gameport.net.TransportSettings.defaults().withWorkers(1), 20,
                io.gameport.sample.room.RoomSettings.defaults(), ScaleOut.SECRET), null, new io.gameport.metrics.MetricsModule(),
                new io.gameport.sample.room.RoomDirectoryLink(link, "room-x", "127.0.0.1", 0, 10));
        try {
            assertEquals("not registered in the room directory", room.notReadyReason());
            link.restore();
            ScaleOut.awaitTrue("registered once the directory answers", () -> room.notReadyReason() == null);
        } finally {
            room.close();
        }
    }

    @Test
    void aDirectoryTheLoginServerCannotReachAnswersUnavailableAndRecovers() throws Exception {
        start(2, 100);
        scale.register("player");
        scale.loginLink.cut();
        LoginResponse down = scale.login("player", "");
        assertEquals(LoginResult.LOGIN_RESULT_UNAVAILABLE, down.getResult(), "busy, retry");
        assertTrue(down.getRetryAfterMs() > 0);
        assertTrue(down.getTicket().isEmpty(), "no ticket without a seat");
        assertEquals(1, scale.login.directoryUnavailable());
        scale.loginLink.restore();
        play("player", "");
    }

    @Test
    void aDrainingServerTakesNobodyNewAndServesItsPlayersUntilTheyLeave() throws Exception {
        start(2, 100);
        scale.register("stayer");
        ScaleOut.Entered stayer = play("stayer", "");
        CreateRoomResponse created = stayer.client().request(CreateRoomRequest.newBuilder().setName("last").build(),
                CreateRoomResponse.class);
        JoinRoomResponse joined = stayer.client().request(JoinRoomRequest.newBuilder()
                .setRoomId(created.getRoom().getRoomId()).build(), JoinRoomResponse.class);
        assertEquals(RoomResult.ROOM_RESULT_OK, joined.getResult());
        String room = stayer.response().getDirectoryRoomPrefix() + created.getRoom().getRoomId();
        // The record, not the load report: the room server sends them on different timers.
        ScaleOut.awaitTrue("the room recorded", () -> recording.roomsRecorded() > 0);
        RoomServer draining = scale.roomAt(stayer.port());
        CompletableFuture<Boolean> drained = draining.drain(Duration.ofSeconds(30));

        for (int i = 0; i < 4; i++) {
            scale.register("late" + i);
            assertNotEquals(stayer.port(), play("late" + i, "").port(), "no new player placed on a draining server");
        }
        scale.register("friend");
        LoginResponse toRoom = scale.login("friend", room);
        assertEquals(LoginResult.LOGIN_RESULT_ROOM_LOST, toRoom.getResult(), "a draining server's room takes nobody");
        assertNotEquals(stayer.port(), toRoom.getRoomServerPort());

        // Its player is still served: ticks keep coming well into the drain.
        stayer.client().drain();
        TickState tick = stayer.client().await(TickState.class);
        assertEquals(created.getRoom().getRoomId(), tick.getRoomId());
        assertFalse(drained.isDone(), "the drain waits for its player");
        assertNull(stayer.client().closed);

        stayer.client().close();
        assertTrue(drained.get(15, java.util.concurrent.TimeUnit.SECONDS), "drained once its player left");
        draining.close();
        ScaleOut.awaitTrue("deregistered", () -> scale.liveServers() == 1);
    }
}

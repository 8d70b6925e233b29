package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
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
import io.gameport.sample.messages.ReconnectRequest;
import io.gameport.sample.messages.ReconnectResponse;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import io.gameport.sample.ticket.TicketSigner;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample game's own attacks against real servers in child JVMs: replayed, stolen, forged and
 * expired tickets, a third party's reconnect, ghost re-entry, room spam, a list flood and a chat
 * flood against the room server; a password guesser spread over many addresses against the login
 * server. Each: the attacker gets its documented answer, the victim and an honest client are
 * served, the server stops on SIGTERM.
 */
@Timeout(180)
class SampleGameAttackTest {

    @TempDir
    Path dir;
    private ServerProcess room;
    private ServerProcess login;

    @AfterEach
    void kill() throws InterruptedException {
        if (login != null) {
            login.close();
        }
        if (room != null) {
            room.close();
        }
    }

    private static EnterRequest enter(byte[] ticket) {
        return EnterRequest.newBuilder().setTicket(ByteString.copyFrom(ticket)).build();
    }

    /** {@code count} copies of {@code message} as one write (request id 0: one-way, or fresh ids). */
    private static byte[] pipelined(Message message, int count, boolean requests) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            all.writeBytes(Frames.frame(ProtoPeer.payload(message, requests ? 1_000 + i : 0)));
        }
        return all.toByteArray();
    }

    private static EnterResponse attempt(int port, int address, EnterRequest request) throws Exception {
        try (ProtoPeer attacker = new ProtoPeer(RawPeer.connectFrom("127.0.0." + address, port))) {
            return attacker.call(request, EnterResponse.class);
        }
    }

    @Test
    void ticketSeatRoomListAndChatAttacksHurtOnlyTheAttacker() throws Exception {
        room = ServerProcess.roomServer(dir).jvm("-Xmx256m").args("--workers", "1").start();
        int port = room.port();
        byte[] ticket = WellBehaved.mintTicket(7_001, "victim");
        try (ProtoPeer victim = new ProtoPeer(RawPeer.connectFrom("127.0.0.2", port));
                ProtoPeer thief = new ProtoPeer(RawPeer.connectFrom("127.0.0.3", port))) {
            EnterResponse entered = victim.call(enter(ticket), EnterResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_OK, entered.getResult());
            int roomId = victim.call(CreateRoomRequest.newBuilder().setName("victim's").build(), CreateRoomResponse.class)
                    .getRoom().getRoomId();
            assertEquals(RoomResult.ROOM_RESULT_OK, victim.call(JoinRoomRequest.newBuilder().setRoomId(roomId).build(),
                    JoinRoomResponse.class).getResult());

            // Tickets: stolen (already entered), forged, expired; a reconnect without the seat's token.
            // One connection each (from its own address): a connection may try to enter only a few times a second.
            byte[] forged = ticket.clone();
            forged[5] ^= 1;
            byte[] expired = new TicketSigner(ServerProcess.TICKET_SECRET, 60_000, Clock.systemUTC())
                    .issueExpiring(7_002, "late", 1, System.currentTimeMillis() - 1);
            assertEquals(RoomResult.ROOM_RESULT_TICKET_USED, attempt(port, 11, enter(ticket)).getResult());
            assertEquals(RoomResult.ROOM_RESULT_INVALID_TICKET, attempt(port, 12, enter(forged)).getResult());
            assertEquals(RoomResult.ROOM_RESULT_TICKET_EXPIRED, attempt(port, 13, enter(expired)).getResult());
            try (ProtoPeer reconnecter = new ProtoPeer(RawPeer.connectFrom("127.0.0.14", port))) {
                assertEquals(RoomResult.ROOM_RESULT_BAD_RECONNECT_TOKEN, reconnecter.call(ReconnectRequest.newBuilder()
                        .setTicket(ByteString.copyFrom(ticket)).setReconnectToken(ByteString.copyFrom(new byte[16])).build(),
                        ReconnectResponse.class).getResult());
            }

            // Ghost re-entry: the thief enters as itself, then tries to enter again as someone else.
            assertEquals(RoomResult.ROOM_RESULT_OK, thief.call(enter(WellBehaved.mintTicket(7_003, "thief")),
                    EnterResponse.class).getResult());
            assertEquals(RoomResult.ROOM_RESULT_ALREADY_ENTERED, thief.call(enter(WellBehaved.mintTicket(7_004, "ghost")),
                    EnterResponse.class).getResult());

            // Room spam: 300 pipelined creates make one room at most.
            int creates = 300;
            thief.raw().send(pipelined(CreateRoomRequest.newBuilder().setName("spam").build(), creates, true));
            Map<RoomResult, Integer> created = new EnumMap<>(RoomResult.class);
            int limited = 0;
            for (int answered = 0; answered < creates; ) {
                Message answer = thief.next().message();
                if (answer instanceof CreateRoomResponse response) {
                    created.merge(response.getResult(), 1, Integer::sum);
                    answered++;
                } else if (answer instanceof ErrorReply error) {
                    assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, error.getCode());
                    limited++;
                    answered++;
                }
            }
            assertTrue(created.getOrDefault(RoomResult.ROOM_RESULT_OK, 0) <= 1, created.toString());
            assertTrue(limited > creates / 2, "most creates stopped before the room loop: " + limited);

            // List flood: every request is answered (a page or RATE_LIMITED), none is more than a page.
            int lists = 2_000;
            thief.raw().send(pipelined(ListRoomsRequest.getDefaultInstance(), lists, true));
            int pages = 0;
            for (int answered = 0; answered < lists; ) {
                Message answer = thief.next().message();
                if (answer instanceof ListRoomsResponse page) {
                    assertTrue(page.getRoomsCount() <= 100);
                    pages++;
                    answered++;
                } else if (answer instanceof ErrorReply) {
                    answered++;
                }
            }
            assertTrue(pages < lists / 2, "the list flood was limited: " + pages + " pages");

            // Chat flood from inside the victim's room: the victim's ticks keep coming one after another.
            assertEquals(RoomResult.ROOM_RESULT_OK, thief.call(JoinRoomRequest.newBuilder().setRoomId(roomId).build(),
                    JoinRoomResponse.class).getResult());
            thief.raw().send(pipelined(ChatMessage.newBuilder().setText("spam").build(), 20_000, false));
            long last = victim.await(TickState.class).getTick();
            for (int i = 0; i < 40; i++) {
                TickState tick = victim.await(TickState.class);
                assertEquals(last + 1, tick.getTick(), "the victim missed a tick during the chat flood");
                last = tick.getTick();
            }
        }
        room.assertAlive();
        WellBehaved.assertPlaysInRoom(port, 3);
        room.assertStopsCleanlyOnSigterm();
    }

    @Test
    void aPasswordGuesserOnManyAddressesMeetsThePerAccountBackOffAndOthersLogIn() throws Exception {
        room = ServerProcess.roomServer(dir).jvm("-Xmx256m").args("--workers", "1").start();
        login = ServerProcess.loginServer(dir, room.port()).jvm("-Xmx256m").args("--workers", "1").start();
        try (ProtoPeer owner = new ProtoPeer(RawPeer.connectFrom("127.0.0.9", login.port()))) {
            assertEquals(LoginResult.LOGIN_RESULT_OK, owner.call(RegisterRequest.newBuilder().setName("target")
                    .setPassword("the-right-one").build(), RegisterResponse.class).getResult());
        }
        Map<LoginResult, Integer> results = new EnumMap<>(LoginResult.class);
        for (int attempt = 0; attempt < 40; attempt++) {
            // Twenty addresses, two guesses each: well within every address's own rate.
            try (ProtoPeer guesser = new ProtoPeer(RawPeer.connectFrom("127.0.1." + (1 + attempt % 20), login.port()))) {
                results.merge(guesser.call(LoginRequest.newBuilder().setName("target").setPassword("guess" + attempt).build(),
                        LoginResponse.class).getResult(), 1, Integer::sum);
            }
        }
        int hashed = results.getOrDefault(LoginResult.LOGIN_RESULT_BAD_PASSWORD, 0);
        assertTrue(hashed <= 8, "three free failures, then waits of 1, 2, 4 s...: " + results);
        assertTrue(results.getOrDefault(LoginResult.LOGIN_RESULT_ACCOUNT_BACKOFF, 0) >= 30, results.toString());
        assertTrue(login.log().countContaining("backing off") >= 1, "refused attempts are logged");
        assertTrue(login.log().countContaining("backing off") <= 20, "and rate-limited: "
                + login.log().countContaining("backing off"));
        login.assertAlive();
        WellBehaved.assertLogsIn(login.port());
        login.assertStopsCleanlyOnSigterm();
        room.assertStopsCleanlyOnSigterm();
    }
}

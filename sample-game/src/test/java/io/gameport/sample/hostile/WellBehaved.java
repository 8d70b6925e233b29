package io.gameport.sample.hostile;

import com.google.protobuf.ByteString;
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
import io.gameport.sample.ticket.TicketSigner;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The honest client each attack must leave served: it proves the server still answers correctly,
 * not merely that it listens. It connects from {@link #ADDRESS}, a loopback address no attacker
 * uses, so limits and caps per address that rightly stop an attacker from 127.0.0.1 do not count
 * the honest client in with it.
 */
public final class WellBehaved {

    /** The honest client's source address (attackers use 127.0.0.1, or 127.0.0.2 and up). */
    public static final String ADDRESS = "127.0.0.250";
    /** Echo frame sizes: empty, tiny, and ones that span receive chunks (an honest client's, not a budget-sized one). */
    private static final int[] ECHO_SIZES = {0, 1, 7, 1000, 65_536, 200_000};
    /** A real client's patience with busy or rate-limited login replies: bounded in count. */
    private static final int LOGIN_ATTEMPTS = 40;
    private static final AtomicLong NAMES = new AtomicLong();

    private WellBehaved() {
    }

    /** Connects from {@link #ADDRESS} and proves the echo server echoes frames of every size byte for byte. */
    public static void assertEchoes(int port) throws IOException {
        try (RawPeer peer = RawPeer.connectFrom(ADDRESS, port)) {
            for (int i = 0; i < ECHO_SIZES.length; i++) {
                byte[] payload = Frames.pattern(ECHO_SIZES[i], i);
                peer.send(Frames.frame(payload));
                byte[] echoed = peer.readFrame();
                if (!Arrays.equals(payload, echoed)) {
                    throw new AssertionError("frame of " + payload.length + " bytes echoed as " + echoed.length
                            + " different bytes");
                }
            }
        }
    }

    /**
     * Registers a fresh account and logs in, retrying SERVER_BUSY and RATE_LIMITED replies after
     * the retry time the server names, as a real client must (bounded in count). Returns the OK reply.
     */
    public static LoginResponse assertLogsIn(int loginPort) throws IOException, InterruptedException {
        String name = "honest" + NAMES.incrementAndGet();
        String password = "pw-" + name;
        try (ProtoPeer peer = new ProtoPeer(RawPeer.connectFrom(ADDRESS, loginPort))) {
            RegisterResponse registered = null;
            for (int i = 0; i < LOGIN_ATTEMPTS; i++) {
                registered = peer.call(RegisterRequest.newBuilder().setName(name).setPassword(password).build(),
                        RegisterResponse.class);
                if (!retry(registered.getResult(), registered.getRetryAfterMs())) {
                    break;
                }
            }
            if (registered.getResult() != LoginResult.LOGIN_RESULT_OK) {
                throw new AssertionError("the honest client's registration got " + registered.getResult());
            }
            LoginResponse login = null;
            for (int i = 0; i < LOGIN_ATTEMPTS; i++) {
                login = peer.call(LoginRequest.newBuilder().setName(name).setPassword(password).build(), LoginResponse.class);
                if (!retry(login.getResult(), login.getRetryAfterMs())) {
                    break;
                }
            }
            if (login.getResult() != LoginResult.LOGIN_RESULT_OK || login.getTicket().isEmpty()) {
                throw new AssertionError("the honest client's login got " + login.getResult());
            }
            return login;
        }
    }

    private static boolean retry(LoginResult result, int retryAfterMs) throws InterruptedException {
        if (result != LoginResult.LOGIN_RESULT_SERVER_BUSY && result != LoginResult.LOGIN_RESULT_RATE_LIMITED) {
            return false;
        }
        // The server's own retry time (a client's back-off), capped so a wrong value cannot hang the test.
        Thread.sleep(Math.min(Math.max(retryAfterMs, 10), 1_000));
        return true;
    }

    /** A ticket for a fresh player, signed with the harness's {@link ServerProcess#TICKET_SECRET}. */
    public static byte[] mintTicket(long playerId, String name) {
        return new TicketSigner(ServerProcess.TICKET_SECRET, 60_000, Clock.systemUTC()).issue(playerId, name, 1);
    }

    /**
     * Enters the room server with a freshly minted ticket, creates a room, joins it and receives
     * {@code ticks} ticks of that room: the room loop still serves.
     */
    public static void assertPlaysInRoom(int roomPort, int ticks) throws IOException {
        long playerId = 900_000_000L + NAMES.incrementAndGet();
        try (ProtoPeer peer = new ProtoPeer(RawPeer.connectFrom(ADDRESS, roomPort))) {
            EnterResponse entered = peer.call(EnterRequest.newBuilder()
                    .setTicket(ByteString.copyFrom(mintTicket(playerId, "honest" + playerId))).build(), EnterResponse.class);
            if (entered.getResult() != RoomResult.ROOM_RESULT_OK) {
                throw new AssertionError("the honest player's enter got " + entered.getResult());
            }
            CreateRoomResponse created = peer.call(CreateRoomRequest.newBuilder().setName("honest-" + playerId).build(),
                    CreateRoomResponse.class);
            if (created.getResult() != RoomResult.ROOM_RESULT_OK) {
                throw new AssertionError("the honest player's create room got " + created.getResult());
            }
            int roomId = created.getRoom().getRoomId();
            JoinRoomResponse joined = peer.call(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class);
            if (joined.getResult() != RoomResult.ROOM_RESULT_OK) {
                throw new AssertionError("the honest player's join got " + joined.getResult());
            }
            long lastTick = -1;
            for (int received = 0; received < ticks; ) {
                TickState tick = peer.await(TickState.class);
                if (tick.getRoomId() != roomId) {
                    continue;
                }
                if (tick.getTick() <= lastTick) {
                    throw new AssertionError("tick " + tick.getTick() + " after tick " + lastTick);
                }
                lastTick = tick.getTick();
                received++;
            }
        }
    }
}

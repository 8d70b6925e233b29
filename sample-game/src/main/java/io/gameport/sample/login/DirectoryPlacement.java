package io.gameport.sample.login;

import io.gameport.log.RateLimitedLog;
import io.gameport.sample.directory.DirectoryError;
import io.gameport.sample.directory.DirectoryResult;
import io.gameport.sample.directory.Reservation;
import io.gameport.sample.directory.RoomDirectory;
import io.gameport.sample.messages.LoginResult;
import java.util.concurrent.atomic.LongAdder;

/**
 * Placement through a {@link RoomDirectory}: a player asking for a room goes to the room's owner
 * ({@link RoomDirectory#reserveInRoom}); one asking for none, or whose room is gone (its server
 * died, restarted or drains), gets a seat on the least-loaded server for a new room
 * ({@link RoomDirectory#reserveNewRoom}), the latter answered LOGIN_RESULT_ROOM_LOST so the client
 * knows its room is over. The seat is reserved atomically, so the last one goes to one login only.
 * A directory that cannot be reached answers UNAVAILABLE ("busy, retry") within its call timeout;
 * no server with a free seat answers SERVER_BUSY. Thread-safe.
 */
final class DirectoryPlacement implements RoomPlacement {

    /** How long a player told "no room server can take you" should wait: seats free as players leave. */
    static final int NO_CAPACITY_RETRY_AFTER_MS = 1_000;
    /** Longest room id a directory takes. */
    static final int MAX_ROOM_CHARS = 200;

    private final RoomDirectory directory;
    private final RateLimitedLog unavailableLog;
    final LongAdder roomsLost = new LongAdder();
    final LongAdder noCapacity = new LongAdder();
    final LongAdder unavailable = new LongAdder();

    DirectoryPlacement(RoomDirectory directory, io.gameport.log.PeerLogs logs) {
        this.directory = directory;
        this.unavailableLog = logs.log(DirectoryPlacement.class, "room directory unavailable");
    }

    @Override
    public Placement place(long playerId, String room) {
        boolean lost = false;
        if (!room.isEmpty()) {
            if (room.length() > MAX_ROOM_CHARS) {
                return Placement.refused(LoginResult.LOGIN_RESULT_MALFORMED, 0);
            }
            DirectoryResult<Reservation> inRoom = directory.reserveInRoom(room, playerId);
            if (inRoom.isOk()) {
                return seat(LoginResult.LOGIN_RESULT_OK, inRoom.value());
            }
            if (inRoom.error() != DirectoryError.ROOM_LOST && inRoom.error() != DirectoryError.ROOM_DRAINING) {
                return refused(inRoom);
            }
            lost = true;
            roomsLost.increment();
        }
        DirectoryResult<Reservation> fresh = directory.reserveNewRoom(playerId);
        if (!fresh.isOk()) {
            return refused(fresh);
        }
        return seat(lost ? LoginResult.LOGIN_RESULT_ROOM_LOST : LoginResult.LOGIN_RESULT_OK, fresh.value());
    }

    private static Placement seat(LoginResult result, Reservation reservation) {
        return Placement.seat(result, reservation.publicHost(), reservation.publicPort(), reservation.reservationId(),
                reservation.serverId());
    }

    private Placement refused(DirectoryResult<Reservation> refusal) {
        if (refusal.error() == DirectoryError.NO_CAPACITY) {
            noCapacity.increment();
            return Placement.refused(LoginResult.LOGIN_RESULT_SERVER_BUSY, NO_CAPACITY_RETRY_AFTER_MS);
        }
        // UNAVAILABLE, or anything the directory should not answer a reservation with: retry later.
        unavailable.increment();
        unavailableLog.warn("room directory refused a placement ({} so far; players told LOGIN_RESULT_UNAVAILABLE): {}",
                unavailable.sum(), refusal);
        return Placement.refused(LoginResult.LOGIN_RESULT_UNAVAILABLE, LoginServerConfig.UNAVAILABLE_RETRY_AFTER_MS);
    }
}

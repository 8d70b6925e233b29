package io.gameport.sample.e2e;

import io.gameport.sample.directory.DirectoryError;
import io.gameport.sample.directory.DirectoryResult;
import io.gameport.sample.directory.DirectorySettings;
import io.gameport.sample.directory.Renewal;
import io.gameport.sample.directory.Reservation;
import io.gameport.sample.directory.RoomDirectory;
import io.gameport.sample.directory.SeatClaim;
import io.gameport.sample.directory.ServerInfo;
import io.gameport.sample.directory.ServerLease;
import io.gameport.sample.directory.ServerLoad;
import io.gameport.sample.directory.ServerRegistration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One process's view of a shared directory whose link can be cut: while cut every call answers
 * UNAVAILABLE, as a crashed server's last calls never arrive, or as a login server sees a
 * directory it cannot reach. Closing it does not close the shared directory. It also counts the
 * rooms recorded through it: a room server reports its load (room count included) and records its
 * rooms on two timers, so a test that waits for a room must wait for its record.
 */
final class CuttableDirectory implements RoomDirectory {

    private final RoomDirectory shared;
    private volatile boolean cut;
    private final AtomicInteger roomsRecorded = new AtomicInteger();

    CuttableDirectory(RoomDirectory shared) {
        this.shared = shared;
    }

    void cut() {
        cut = true;
    }

    void restore() {
        cut = false;
    }

    int roomsRecorded() {
        return roomsRecorded.get();
    }

    private <T> DirectoryResult<T> call(Supplier<DirectoryResult<T>> call) {
        return cut ? DirectoryResult.refused(DirectoryError.UNAVAILABLE, "link cut by the test") : call.get();
    }

    @Override
    public DirectoryResult<ServerLease> register(ServerRegistration registration) {
        return call(() -> shared.register(registration));
    }

    @Override
    public DirectoryResult<Renewal> renew(ServerLease lease, ServerLoad load) {
        return call(() -> shared.renew(lease, load));
    }

    @Override
    public DirectoryResult<Void> deregister(ServerLease lease) {
        return call(() -> shared.deregister(lease));
    }

    @Override
    public DirectoryResult<Void> recordRoom(ServerLease lease, String roomId) {
        DirectoryResult<Void> result = call(() -> shared.recordRoom(lease, roomId));
        if (result.isOk()) {
            roomsRecorded.incrementAndGet();
        }
        return result;
    }

    @Override
    public DirectoryResult<Void> removeRoom(ServerLease lease, String roomId) {
        return call(() -> shared.removeRoom(lease, roomId));
    }

    @Override
    public DirectoryResult<Reservation> reserveNewRoom(long playerId) {
        return call(() -> shared.reserveNewRoom(playerId));
    }

    @Override
    public DirectoryResult<Reservation> reserveInRoom(String roomId, long playerId) {
        return call(() -> shared.reserveInRoom(roomId, playerId));
    }

    @Override
    public DirectoryResult<SeatClaim> claim(ServerLease claimer, long reservationId) {
        return call(() -> shared.claim(claimer, reservationId));
    }

    @Override
    public DirectoryResult<List<ServerInfo>> servers() {
        return call(shared::servers);
    }

    @Override
    public DirectorySettings settings() {
        return shared.settings();
    }

    @Override
    public void close() {
        // The shared directory belongs to the test.
    }
}

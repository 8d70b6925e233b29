package io.gameport.sample.e2e;

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

/**
 * A directory that counts the rooms recorded in it. A room server reports its load (room count
 * included) and records its rooms on two timers, so a test that waits for a room must wait for
 * its record, not for the load that counts it.
 */
final class RoomRecordingDirectory implements RoomDirectory {

    private final RoomDirectory delegate;
    private final AtomicInteger roomsRecorded = new AtomicInteger();

    RoomRecordingDirectory(RoomDirectory delegate) {
        this.delegate = delegate;
    }

    int roomsRecorded() {
        return roomsRecorded.get();
    }

    @Override
    public DirectoryResult<Void> recordRoom(ServerLease lease, String roomId) {
        DirectoryResult<Void> result = delegate.recordRoom(lease, roomId);
        if (result.isOk()) {
            roomsRecorded.incrementAndGet();
        }
        return result;
    }

    @Override
    public DirectoryResult<ServerLease> register(ServerRegistration registration) {
        return delegate.register(registration);
    }

    @Override
    public DirectoryResult<Renewal> renew(ServerLease lease, ServerLoad load) {
        return delegate.renew(lease, load);
    }

    @Override
    public DirectoryResult<Void> deregister(ServerLease lease) {
        return delegate.deregister(lease);
    }

    @Override
    public DirectoryResult<Void> removeRoom(ServerLease lease, String roomId) {
        return delegate.removeRoom(lease, roomId);
    }

    @Override
    public DirectoryResult<Reservation> reserveNewRoom(long playerId) {
        return delegate.reserveNewRoom(playerId);
    }

    @Override
    public DirectoryResult<Reservation> reserveInRoom(String roomId, long playerId) {
        return delegate.reserveInRoom(roomId, playerId);
    }

    @Override
    public DirectoryResult<SeatClaim> claim(ServerLease claimer, long reservationId) {
        return delegate.claim(claimer, reservationId);
    }

    @Override
    public DirectoryResult<List<ServerInfo>> servers() {
        return delegate.servers();
    }

    @Override
    public DirectorySettings settings() {
        return delegate.settings();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

package io.gameport.sample.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The directory contract on the in-process implementation, its clock moved by hand. */
class InProcessRoomDirectoryTest extends RoomDirectoryContract {

    private final ManualClock clock = new ManualClock();

    @Override
    protected RoomDirectory newDirectory(DirectorySettings settings) {
        return new InProcessRoomDirectory(settings, clock);
    }

    @Override
    protected void passTime(long ms) {
        clock.advanceMs(ms);
    }

    @Test
    void claimedExpiredAndDroppedReservationsLeaveNothingBehind() {
        // The server outlives the reservations, so they expire on their own rather than with it.
        InProcessRoomDirectory directory = new InProcessRoomDirectory(DirectorySettings.DEFAULTS.withServerTtlMs(60_000), clock);
        ServerLease lease = ok(directory.register(server("room-1", 10)));
        ok(directory.claim(lease, ok(directory.reserveNewRoom(1)).reservationId()));
        ok(directory.reserveNewRoom(2));
        clock.advanceMs(DirectorySettings.DEFAULTS.reservationTtlMs());
        ok(directory.renew(lease, ServerLoad.IDLE));
        ok(directory.reserveNewRoom(3));
        ok(directory.deregister(lease));
        assertEquals(0, directory.heldReservations());
    }
}

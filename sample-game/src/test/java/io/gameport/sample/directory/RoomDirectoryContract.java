package io.gameport.sample.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link RoomDirectory} keeps, run against each implementation by a subclass that
 * says how to make one and how to let time pass (a manual clock in process; real, short TTLs on
 * Redis). Every test is bounded: no loop waits without a limit.
 */
abstract class RoomDirectoryContract {

    /** TTLs of the directory under test; expiry tests {@link #passTime} beyond them. */
    protected long serverTtlMs() {
        return 1_500;
    }

    protected long reservationTtlMs() {
        return 1_000;
    }

    private final List<RoomDirectory> opened = new ArrayList<>();

    /** A fresh, empty directory with these settings (its own key space on a shared Redis). */
    protected abstract RoomDirectory newDirectory(DirectorySettings settings);

    /** Lets {@code ms} pass on the directory's clock. */
    protected abstract void passTime(long ms) throws InterruptedException;

    protected RoomDirectory directory() {
        RoomDirectory directory = newDirectory(DirectorySettings.DEFAULTS.withServerTtlMs(serverTtlMs())
                .withReservationTtlMs(reservationTtlMs()).withCallTimeoutMs(1_000));
        opened.add(directory);
        return directory;
    }

    @AfterEach
    void closeDirectories() {
        opened.forEach(RoomDirectory::close);
    }

    protected static ServerRegistration server(String id, int capacity) {
        return new ServerRegistration(id, "10.0.0." + (Math.abs(id.hashCode()) % 250 + 1), 7200, capacity);
    }

    protected static <T> T ok(DirectoryResult<T> result) {
        assertTrue(result.isOk(), () -> "expected Ok, was " + result);
        return result.value();
    }

    protected static void refused(DirectoryError expected, DirectoryResult<?> result) {
        assertEquals(expected, result.error(), () -> "expected " + expected + ", was " + result);
    }

    @Test
    void registeredServerIsListedAndPlacedUntilItsTtlLapses() throws Exception {
        RoomDirectory directory = directory();
        ServerLease lease = ok(directory.register(server("room-1", 10)));
        List<ServerInfo> servers = ok(directory.servers());
        assertEquals(1, servers.size());
        assertEquals("room-1", servers.get(0).registration().serverId());
        assertEquals(lease.incarnation(), servers.get(0).incarnation());
        Reservation reservation = ok(directory.reserveNewRoom(7));
        assertEquals("room-1", reservation.serverId());
        assertEquals(lease.incarnation(), reservation.incarnation());
        assertEquals(server("room-1", 10).publicHost(), reservation.publicHost());
        assertEquals(7200, reservation.publicPort());
        assertTrue(reservation.forNewRoom());

        passTime(serverTtlMs() + 500);

        assertEquals(List.of(), ok(directory.servers()));
        refused(DirectoryError.NO_CAPACITY, directory.reserveNewRoom(8));
        refused(DirectoryError.RESERVATION_UNKNOWN, directory.claim(lease, reservation.reservationId()));
    }

    @Test
    void renewalKeepsServerAliveAndWritesALapsedOneAnew() throws Exception {
        RoomDirectory directory = directory();
        ServerLease lease = ok(directory.register(server("room-1", 10)));
        ok(directory.recordRoom(lease, "room-1/a"));
        for (int i = 0; i < 3; i++) {
            passTime(serverTtlMs() / 3);
            assertFalse(ok(directory.renew(lease, new ServerLoad(3, 1, false))).recreated());
        }
        ServerInfo info = ok(directory.servers()).get(0);
        assertEquals(new ServerLoad(3, 1, false), info.load());
        assertEquals("room-1", ok(directory.reserveInRoom("room-1/a", 1)).serverId());

        passTime(serverTtlMs() + 500);
        refused(DirectoryError.ROOM_LOST, directory.reserveInRoom("room-1/a", 1));
        refused(DirectoryError.NOT_REGISTERED, directory.recordRoom(lease, "room-1/a"));

        assertTrue(ok(directory.renew(lease, new ServerLoad(3, 1, false))).recreated());
        assertEquals(lease.incarnation(), ok(directory.servers()).get(0).incarnation());
        ok(directory.recordRoom(lease, "room-1/a"));
        assertEquals("room-1", ok(directory.reserveInRoom("room-1/a", 1)).serverId());
    }

    @Test
    void newRoomsGoToTheLeastLoadedServerAndTheBusiestGetsFewest() {
        RoomDirectory directory = directory();
        ServerLease light = ok(directory.register(server("light", 100)));
        ServerLease middle = ok(directory.register(server("middle", 100)));
        ServerLease busy = ok(directory.register(server("busy", 100)));
        ok(directory.renew(light, new ServerLoad(10, 2, false)));
        ok(directory.renew(middle, new ServerLoad(50, 2, false)));
        ok(directory.renew(busy, new ServerLoad(90, 2, false)));

        Map<String, Integer> placed = new HashMap<>();
        for (int player = 0; player < 60; player++) {
            placed.merge(ok(directory.reserveNewRoom(player)).serverId(), 1, Integer::sum);
        }
        // 40 fill "light" up to "middle"'s 50, the other 20 alternate between the two: 50, 10, 0.
        assertEquals(50, placed.getOrDefault("light", 0), placed::toString);
        assertEquals(10, placed.getOrDefault("middle", 0), placed::toString);
        assertEquals(0, placed.getOrDefault("busy", 0), placed::toString);

        // Reservations count as load: 60 more bring the other two up to "busy"'s 90 and none goes to it.
        for (int player = 60; player < 120; player++) {
            placed.merge(ok(directory.reserveNewRoom(player)).serverId(), 1, Integer::sum);
        }
        for (ServerInfo info : ok(directory.servers())) {
            assertEquals(90, info.seatsUsed(), info::toString);
        }
    }

    @Test
    void racingReservationsNeverExceedCapacityAndEveryLoserHearsNoCapacity() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // Several rounds, each on a fresh server: a check-then-reserve gap shows in one of them.
            for (int round = 0; round < 10; round++) {
                RoomDirectory directory = directory();
                ServerLease lease = ok(directory.register(server("room-" + round, 12)));
                ok(directory.renew(lease, new ServerLoad(4, 1, false)));
                String room = "room-" + round + "/a";
                ok(directory.recordRoom(lease, room));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<DirectoryResult<Reservation>>> results = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    long player = i;
                    Callable<DirectoryResult<Reservation>> call = () -> {
                        start.await();
                        return player % 2 == 0 ? directory.reserveNewRoom(player) : directory.reserveInRoom(room, player);
                    };
                    results.add(pool.submit(call));
                }
                start.countDown();
                int won = 0;
                for (Future<DirectoryResult<Reservation>> future : results) {
                    DirectoryResult<Reservation> result = future.get(30, TimeUnit.SECONDS);
                    if (result.isOk()) {
                        won++;
                    } else {
                        refused(DirectoryError.NO_CAPACITY, result);
                    }
                }
                assertEquals(8, won, "12 seats, 4 taken: exactly 8 reservations win (round " + round + ")");
                ServerInfo info = ok(directory.servers()).get(0);
                assertEquals(12, info.seatsUsed());
                assertFalse(info.hasFreeSeat());
                ok(directory.deregister(lease));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnclaimedReservationIsReleasedAtItsExpiryAndALaterOneIsKept() throws Exception {
        RoomDirectory directory = directory();
        ServerLease lease = ok(directory.register(server("room-1", 2)));
        Reservation first = ok(directory.reserveNewRoom(1));
        passTime(reservationTtlMs() / 2);
        ok(directory.renew(lease, ServerLoad.IDLE));
        Reservation second = ok(directory.reserveNewRoom(2));
        refused(DirectoryError.NO_CAPACITY, directory.reserveNewRoom(3));
        assertEquals(2, ok(directory.servers()).get(0).reservedSeats());

        // Past the first's expiry, before the second's.
        passTime(reservationTtlMs() / 2 + 300);
        ok(directory.renew(lease, ServerLoad.IDLE));

        assertEquals(1, ok(directory.servers()).get(0).reservedSeats());
        refused(DirectoryError.RESERVATION_UNKNOWN, directory.claim(lease, first.reservationId()));
        Reservation third = ok(directory.reserveNewRoom(3));
        assertNotEquals(first.reservationId(), third.reservationId());
        refused(DirectoryError.NO_CAPACITY, directory.reserveNewRoom(4));
        assertEquals(2, ok(directory.claim(lease, second.reservationId())).playerId());
    }

    @Test
    void aPlayersNewReservationReleasesTheirUnclaimedOne() {
        RoomDirectory directory = directory();
        ServerLease lease = ok(directory.register(server("room-1", 2)));
        ok(directory.recordRoom(lease, "room-1/a"));
        Reservation first = ok(directory.reserveNewRoom(1));
        ok(directory.reserveNewRoom(2));
        // Full, yet player 1 logging in again gets a seat: the one it held before.
        Reservation again = ok(directory.reserveInRoom("room-1/a", 1));
        Reservation third = ok(directory.reserveNewRoom(1));
        assertEquals(2, ok(directory.servers()).get(0).reservedSeats());
        refused(DirectoryError.RESERVATION_UNKNOWN, directory.claim(lease, first.reservationId()));
        refused(DirectoryError.RESERVATION_UNKNOWN, directory.claim(lease, again.reservationId()));
        ok(directory.claim(lease, third.reservationId()));
        // A claimed seat is not released by the player's next login: it is taken now.
        refused(DirectoryError.NO_CAPACITY, directory.reserveNewRoom(1));
        refused(DirectoryError.NO_CAPACITY, directory.reserveNewRoom(3));
    }

    @Test
    void onlyTheServerAReservationNamesCanClaimItAndOnlyOnce() {
        RoomDirectory directory = directory();
        ServerLease mine = ok(directory.register(server("room-1", 5)));
        ServerLease other = ok(directory.register(server("room-2", 5)));
        ok(directory.renew(other, new ServerLoad(0, 0, true)));
        Reservation reservation = ok(directory.reserveNewRoom(42));
        assertEquals("room-1", reservation.serverId());

        refused(DirectoryError.WRONG_SERVER, directory.claim(other, reservation.reservationId()));
        refused(DirectoryError.WRONG_SERVER, directory.claim(
                new ServerLease(mine.registration(), mine.incarnation() + 1), reservation.reservationId()));

        SeatClaim claim = ok(directory.claim(mine, reservation.reservationId()));
        assertEquals(42, claim.playerId());
        assertEquals("", claim.roomId());
        refused(DirectoryError.RESERVATION_UNKNOWN, directory.claim(mine, reservation.reservationId()));
        refused(DirectoryError.RESERVATION_UNKNOWN, directory.claim(mine, reservation.reservationId() ^ 1));
    }

    @Test
    void aClaimedSeatCountsUntilTheServersNextReport() {
        RoomDirectory directory = directory();
        ServerLease lease = ok(directory.register(server("room-1", 2)));
        ok(directory.recordRoom(lease, "room-1/a"));
        Reservation first = ok(directory.reserveInRoom("room-1/a", 1));
        assertEquals("room-1/a", ok(directory.claim(lease, first.reservationId())).roomId());
        ok(directory.reserveNewRoom(2));
        refused(DirectoryError.NO_CAPACITY, directory.reserveInRoom("room-1/a", 3));
        ServerInfo info = ok(directory.servers()).get(0);
        assertEquals(1, info.load().players());
        assertEquals(1, info.reservedSeats());

        // The server reports its own count: the claimed player has left again.
        ok(directory.renew(lease, new ServerLoad(0, 1, false)));
        ok(directory.reserveInRoom("room-1/a", 3));
    }

    @Test
    void aDrainingServerGetsNoNewRoomsNorPlayers() {
        RoomDirectory directory = directory();
        ServerLease draining = ok(directory.register(server("room-1", 100)));
        ServerLease open = ok(directory.register(server("room-2", 100)));
        ok(directory.recordRoom(draining, "room-1/a"));
        ok(directory.renew(open, new ServerLoad(99, 5, false)));
        ok(directory.renew(draining, new ServerLoad(1, 1, true)));

        assertEquals("room-2", ok(directory.reserveNewRoom(1)).serverId());
        refused(DirectoryError.ROOM_DRAINING, directory.reserveInRoom("room-1/a", 2));
        refused(DirectoryError.NO_CAPACITY, directory.reserveNewRoom(3));
        assertTrue(ok(directory.servers()).get(0).load().draining());

        ok(directory.deregister(draining));
        assertEquals(1, ok(directory.servers()).size());
        refused(DirectoryError.ROOM_LOST, directory.reserveInRoom("room-1/a", 2));
    }

    @Test
    void aServerRestartedUnderTheSameIdInheritsNoRoomsNorReservations() {
        RoomDirectory directory = directory();
        ServerLease before = ok(directory.register(server("room-1", 3)));
        ok(directory.recordRoom(before, "room-1/a"));
        Reservation pending = ok(directory.reserveInRoom("room-1/a", 1));

        ServerLease after = ok(directory.register(server("room-1", 3)));

        assertNotEquals(before.incarnation(), after.incarnation());
        refused(DirectoryError.ROOM_LOST, directory.reserveInRoom("room-1/a", 2));
        refused(DirectoryError.RESERVATION_UNKNOWN, directory.claim(after, pending.reservationId()));
        refused(DirectoryError.SUPERSEDED, directory.renew(before, ServerLoad.IDLE));
        refused(DirectoryError.SUPERSEDED, directory.recordRoom(before, "room-1/b"));
        refused(DirectoryError.SUPERSEDED, directory.deregister(before));
        ServerInfo info = ok(directory.servers()).get(0);
        assertEquals(after.incarnation(), info.incarnation());
        assertEquals(0, info.reservedSeats());
        // The old process removing "its" room must not touch a room the new one recorded under the same id.
        ok(directory.recordRoom(after, "room-1/a"));
        ok(directory.removeRoom(before, "room-1/a"));
        assertEquals("room-1", ok(directory.reserveInRoom("room-1/a", 3)).serverId());
    }

    @Test
    void anEndedRoomIsLostAndARoomMovesWithItsLatestRecord() {
        RoomDirectory directory = directory();
        ServerLease one = ok(directory.register(server("room-1", 3)));
        ServerLease two = ok(directory.register(server("room-2", 3)));
        ok(directory.recordRoom(one, "shared"));
        ok(directory.recordRoom(two, "shared"));
        assertEquals("room-2", ok(directory.reserveInRoom("shared", 1)).serverId());
        ok(directory.removeRoom(one, "shared"));
        assertEquals("room-2", ok(directory.reserveInRoom("shared", 1)).serverId());
        ok(directory.removeRoom(two, "shared"));
        refused(DirectoryError.ROOM_LOST, directory.reserveInRoom("shared", 1));
    }
}

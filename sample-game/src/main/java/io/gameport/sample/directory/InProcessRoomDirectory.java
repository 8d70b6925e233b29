package io.gameport.sample.directory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The directory in this process's memory: for {@code demo} and one-machine setups, where the
 * login and room servers share a JVM and nothing needs installing. Same rules as the Redis one
 * (see {@link RoomDirectory}); expiry follows the injected {@link Clock} (tests move it by hand),
 * and what lapsed is purged on the next call. Every call takes one lock for a few map operations
 * and never waits on anything else, so {@link DirectoryError#UNAVAILABLE} never happens here.
 * Thread-safe.
 */
public final class InProcessRoomDirectory implements RoomDirectory {

    private final DirectorySettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    /** By server id, sorted so listing and tie-breaks follow the id. Guarded by {@link #lock}. */
    private final Map<String, Entry> servers = new TreeMap<>();
    private final Map<String, RoomOwner> rooms = new HashMap<>();
    private final Map<Long, Reservation> reservations = new HashMap<>();
    /** Each player's unclaimed reservation: a newer one releases it. */
    private final Map<Long, Long> reservationByPlayer = new HashMap<>();

    public InProcessRoomDirectory(DirectorySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public InProcessRoomDirectory() {
        this(DirectorySettings.DEFAULTS, Clock.systemUTC());
    }

    @Override
    public DirectoryResult<ServerLease> register(ServerRegistration registration) {
        synchronized (lock) {
            long now = clock.millis();
            purgeExpired(now);
            Entry old = servers.remove(registration.serverId());
            if (old != null) {
                dropHoldings(old);
            }
            long incarnation = newIncarnation(old);
            Entry entry = new Entry(registration, incarnation);
            entry.expiresAtMs = now + settings.serverTtlMs();
            servers.put(registration.serverId(), entry);
            return DirectoryResult.ok(new ServerLease(registration, incarnation));
        }
    }

    @Override
    public DirectoryResult<Renewal> renew(ServerLease lease, ServerLoad load) {
        synchronized (lock) {
            long now = clock.millis();
            purgeExpired(now);
            Entry entry = servers.get(lease.serverId());
            if (entry != null && entry.incarnation != lease.incarnation()) {
                return superseded(lease);
            }
            boolean recreated = entry == null;
            if (recreated) {
                // Lapsed, yet its process renews: it is alive after all (a pause, a lost link).
                // Its rooms went with the registration; the server records them again.
                entry = new Entry(lease.registration(), lease.incarnation());
                servers.put(lease.serverId(), entry);
            }
            entry.load = load;
            entry.claimedSinceReport = 0;
            entry.expiresAtMs = now + settings.serverTtlMs();
            return DirectoryResult.ok(new Renewal(recreated, entry.expiresAtMs));
        }
    }

    @Override
    public DirectoryResult<Void> deregister(ServerLease lease) {
        synchronized (lock) {
            purgeExpired(clock.millis());
            Entry entry = servers.get(lease.serverId());
            if (entry == null) {
                return DirectoryResult.done();
            }
            if (entry.incarnation != lease.incarnation()) {
                return superseded(lease);
            }
            servers.remove(lease.serverId());
            dropHoldings(entry);
            return DirectoryResult.done();
        }
    }

    @Override
    public DirectoryResult<Void> recordRoom(ServerLease lease, String roomId) {
        requireRoomId(roomId);
        synchronized (lock) {
            purgeExpired(clock.millis());
            Entry entry = servers.get(lease.serverId());
            if (entry == null) {
                return DirectoryResult.refused(DirectoryError.NOT_REGISTERED, "server " + lease.serverId()
                        + " has no live registration: renew, then record the room");
            }
            if (entry.incarnation != lease.incarnation()) {
                return superseded(lease);
            }
            RoomOwner previous = rooms.put(roomId, new RoomOwner(lease.serverId(), lease.incarnation()));
            if (previous != null && !previous.serverId.equals(lease.serverId())) {
                Entry other = servers.get(previous.serverId);
                if (other != null) {
                    other.rooms.remove(roomId);
                }
            }
            entry.rooms.add(roomId);
            return DirectoryResult.done();
        }
    }

    @Override
    public DirectoryResult<Void> removeRoom(ServerLease lease, String roomId) {
        requireRoomId(roomId);
        synchronized (lock) {
            purgeExpired(clock.millis());
            RoomOwner owner = rooms.get(roomId);
            if (owner != null && owner.serverId.equals(lease.serverId()) && owner.incarnation == lease.incarnation()) {
                rooms.remove(roomId);
                Entry entry = servers.get(lease.serverId());
                if (entry != null) {
                    entry.rooms.remove(roomId);
                }
            }
            return DirectoryResult.done();
        }
    }

    @Override
    public DirectoryResult<Reservation> reserveNewRoom(long playerId) {
        synchronized (lock) {
            long now = clock.millis();
            purgeExpired(now);
            releasePrevious(playerId);
            Entry best = null;
            ServerInfo bestInfo = null;
            for (Entry entry : servers.values()) {
                ServerInfo info = entry.info();
                if (entry.load.draining() || !info.hasFreeSeat()) {
                    continue;
                }
                if (bestInfo == null || LeastLoaded.ORDER.compare(info, bestInfo) < 0) {
                    best = entry;
                    bestInfo = info;
                }
            }
            if (best == null) {
                return DirectoryResult.refused(DirectoryError.NO_CAPACITY,
                        servers.size() + " live servers, none with a free seat and not draining");
            }
            return DirectoryResult.ok(reserve(best, playerId, "", now));
        }
    }

    @Override
    public DirectoryResult<Reservation> reserveInRoom(String roomId, long playerId) {
        requireRoomId(roomId);
        synchronized (lock) {
            long now = clock.millis();
            purgeExpired(now);
            releasePrevious(playerId);
            RoomOwner owner = rooms.get(roomId);
            if (owner == null) {
                return DirectoryResult.refused(DirectoryError.ROOM_LOST, "room " + roomId
                        + " is not recorded (it ended, or its server lapsed, restarted or left)");
            }
            Entry entry = servers.get(owner.serverId);
            if (entry == null || entry.incarnation != owner.incarnation) {
                rooms.remove(roomId);
                return DirectoryResult.refused(DirectoryError.ROOM_LOST, "room " + roomId + "'s server "
                        + owner.serverId + " incarnation " + owner.incarnation + " is gone");
            }
            if (entry.load.draining()) {
                return DirectoryResult.refused(DirectoryError.ROOM_DRAINING, "room " + roomId + "'s server "
                        + owner.serverId + " is draining");
            }
            if (!entry.info().hasFreeSeat()) {
                return DirectoryResult.refused(DirectoryError.NO_CAPACITY, "room " + roomId + "'s server "
                        + owner.serverId + " has all " + entry.registration.capacity() + " seats taken or reserved");
            }
            return DirectoryResult.ok(reserve(entry, playerId, roomId, now));
        }
    }

    @Override
    public DirectoryResult<SeatClaim> claim(ServerLease claimer, long reservationId) {
        synchronized (lock) {
            purgeExpired(clock.millis());
            Reservation reservation = reservations.get(reservationId);
            if (reservation == null) {
                return DirectoryResult.refused(DirectoryError.RESERVATION_UNKNOWN, "reservation " + reservationId
                        + " expired, was claimed, or never existed");
            }
            if (!reservation.serverId().equals(claimer.serverId()) || reservation.incarnation() != claimer.incarnation()) {
                return DirectoryResult.refused(DirectoryError.WRONG_SERVER, "reservation " + reservationId
                        + " is for " + reservation.serverId() + " incarnation " + reservation.incarnation()
                        + ", claimed by " + claimer.serverId() + " incarnation " + claimer.incarnation());
            }
            reservations.remove(reservationId);
            reservationByPlayer.remove(reservation.playerId(), reservationId);
            Entry entry = servers.get(claimer.serverId());
            if (entry != null) {
                entry.reserved.remove(reservationId);
                entry.claimedSinceReport++;
            }
            return DirectoryResult.ok(new SeatClaim(reservationId, reservation.playerId(), reservation.roomId()));
        }
    }

    @Override
    public DirectoryResult<List<ServerInfo>> servers() {
        synchronized (lock) {
            purgeExpired(clock.millis());
            List<ServerInfo> infos = new ArrayList<>(servers.size());
            for (Entry entry : servers.values()) {
                infos.add(entry.info());
            }
            return DirectoryResult.ok(List.copyOf(infos));
        }
    }

    /** Reservations and players' links to them held in memory (tests check nothing lingers). */
    int heldReservations() {
        synchronized (lock) {
            return reservations.size() + reservationByPlayer.size();
        }
    }

    @Override
    public DirectorySettings settings() {
        return settings;
    }

    @Override
    public void close() {
        // Nothing held outside the heap.
    }

    private Reservation reserve(Entry entry, long playerId, String roomId, long now) {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0 || reservations.containsKey(id));
        ServerRegistration reg = entry.registration;
        Reservation reservation = new Reservation(id, reg.serverId(), entry.incarnation, reg.publicHost(),
                reg.publicPort(), playerId, roomId, now + settings.reservationTtlMs());
        reservations.put(id, reservation);
        reservationByPlayer.put(playerId, id);
        entry.reserved.add(id);
        return reservation;
    }

    private static <T> DirectoryResult<T> superseded(ServerLease lease) {
        return DirectoryResult.refused(DirectoryError.SUPERSEDED, "server " + lease.serverId() + " incarnation "
                + lease.incarnation() + " was replaced by a newer registration of the same id");
    }

    /** Lapsed registrations and expired reservations go; a lapsed server's rooms go with it. */
    private void purgeExpired(long now) {
        for (Iterator<Entry> it = servers.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.expiresAtMs <= now) {
                it.remove();
                dropHoldings(entry);
            }
        }
        for (Iterator<Reservation> it = reservations.values().iterator(); it.hasNext(); ) {
            Reservation reservation = it.next();
            if (reservation.expiresAtMs() <= now) {
                it.remove();
                reservationByPlayer.remove(reservation.playerId(), reservation.reservationId());
                Entry entry = servers.get(reservation.serverId());
                if (entry != null) {
                    entry.reserved.remove(reservation.reservationId());
                }
            }
        }
    }

    /**
     * A player holds one unclaimed reservation at most: a newer login's placement releases the
     * older seat (its ticket is superseded anyway), so repeated logins cannot pile up seats.
     */
    private void releasePrevious(long playerId) {
        Long previous = reservationByPlayer.remove(playerId);
        if (previous == null) {
            return;
        }
        Reservation reservation = reservations.remove(previous);
        if (reservation != null) {
            Entry entry = servers.get(reservation.serverId());
            if (entry != null) {
                entry.reserved.remove(previous);
            }
        }
    }

    private void dropHoldings(Entry entry) {
        for (String roomId : entry.rooms) {
            RoomOwner owner = rooms.get(roomId);
            if (owner != null && owner.incarnation == entry.incarnation) {
                rooms.remove(roomId);
            }
        }
        entry.rooms.clear();
        for (long id : entry.reserved) {
            Reservation reservation = reservations.remove(id);
            if (reservation != null) {
                reservationByPlayer.remove(reservation.playerId(), id);
            }
        }
        entry.reserved.clear();
        entry.claimedSinceReport = 0;
        entry.load = new ServerLoad(0, 0, entry.load.draining());
    }

    private long newIncarnation(Entry old) {
        long incarnation;
        do {
            incarnation = random.nextLong() & Long.MAX_VALUE;
        } while (incarnation == 0 || (old != null && incarnation == old.incarnation));
        return incarnation;
    }

    static void requireRoomId(String roomId) {
        if (roomId == null || roomId.isEmpty() || roomId.length() > 200) {
            throw new IllegalArgumentException("room id must be 1 to 200 characters, was " + roomId);
        }
    }

    private record RoomOwner(String serverId, long incarnation) {
    }

    /** One registration; mutated only under the directory's lock. */
    private static final class Entry {
        final ServerRegistration registration;
        final long incarnation;
        final Set<String> rooms = new HashSet<>();
        final Set<Long> reserved = new HashSet<>();
        ServerLoad load = ServerLoad.IDLE;
        int claimedSinceReport;
        long expiresAtMs;

        Entry(ServerRegistration registration, long incarnation) {
            this.registration = registration;
            this.incarnation = incarnation;
        }

        ServerInfo info() {
            ServerLoad reported = claimedSinceReport == 0 ? load
                    : new ServerLoad(load.players() + claimedSinceReport, load.rooms(), load.draining());
            return new ServerInfo(registration, incarnation, reported, reserved.size(), expiresAtMs);
        }
    }
}

package io.gameport.sample.room;

import io.gameport.sample.directory.DirectoryError;
import io.gameport.sample.directory.DirectoryResult;
import io.gameport.sample.directory.RoomDirectory;
import io.gameport.sample.directory.SeatClaim;
import io.gameport.sample.directory.ServerLease;
import io.gameport.sample.directory.ServerLoad;
import io.gameport.sample.directory.ServerPresence;
import io.gameport.sample.messages.RoomInfo;
import io.gameport.sample.ticket.Ticket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room server's side of the room directory: keeps the server registered with its load
 * ({@link ServerPresence}), records and removes its rooms, and claims the seat a ticket names
 * before the player is let in. Directory calls can wait up to the directory's call timeout, so
 * none runs on a shard or the room loop: claims go to a small bounded pool, room records to a
 * timer thread that compares the loop's published room list with what it recorded. The loop only
 * writes two volatile fields (its census and its room list), so it takes no lock and allocates
 * nothing for the directory.
 *
 * <p>Room ids in the directory are {@code serverId/run/localId}, {@code run} random per start, so
 * a restarted server never answers for a room of its previous run. {@link #none()} is the server
 * without a directory: every valid ticket is let in, nothing is recorded.
 */
final class DirectorySeats implements AutoCloseable {

    /** What a claim decided for a ticket. */
    enum Verdict { SEATED, NO_RESERVATION, BUSY }

    private static final Logger LOG = LoggerFactory.getLogger(DirectorySeats.class);
    /** Claims waiting for a claim thread before enters are answered busy. */
    private static final int CLAIM_QUEUE = 1024;
    private static final int CLAIM_THREADS = 2;
    /** How often rooms created or removed by the loop reach the directory. */
    static final long ROOM_SYNC_MS = 100;

    private final RoomDirectoryLink link;
    private final String roomPrefix;
    private final ThreadPoolExecutor claims;
    private final ScheduledExecutorService timer;
    /** The loop's census: players in the high 32 bits, rooms in the low; written by the loop only. */
    private volatile long census;
    /** The loop's last published room list. */
    private volatile RoomList rooms = RoomList.EMPTY;
    /** Rooms recorded in the directory; timer thread only. */
    private final Set<String> recorded = new HashSet<>();
    private volatile ServerPresence presence;
    final LongAdder claimed = new LongAdder();
    final LongAdder noReservation = new LongAdder();
    final LongAdder busy = new LongAdder();

    private DirectorySeats(RoomDirectoryLink link) {
        this.link = link;
        if (link == null) {
            this.roomPrefix = "";
            this.claims = null;
            this.timer = null;
            return;
        }
        byte[] run = new byte[4];
        new SecureRandom().nextBytes(run);
        this.roomPrefix = link.serverId() + "/" + HexFormat.of().formatHex(run) + "/";
        this.claims = new ThreadPoolExecutor(CLAIM_THREADS, CLAIM_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(CLAIM_QUEUE), daemon("room-claims-" + link.serverId()));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("room-records-" + link.serverId()));
    }

    /** The server without a directory. */
    static DirectorySeats none() {
        return new DirectorySeats(null);
    }

    static DirectorySeats of(RoomDirectoryLink link) {
        return link == null ? none() : new DirectorySeats(link);
    }

    boolean enabled() {
        return link != null;
    }

    String serverId() {
        return link == null ? "" : link.serverId();
    }

    /** What precedes a local room id in the directory ("" without one). */
    String roomPrefix() {
        return roomPrefix;
    }

    /** Registers once the server listens on {@code boundPort}, then keeps the registration and the rooms current. */
    void start(int boundPort) {
        if (link == null) {
            return;
        }
        ServerPresence started = new ServerPresence(link.directory(), link.registration(boundPort),
                new ServerPresence.Reporter() {
                    @Override
                    public ServerLoad load() {
                        long now = census;
                        return new ServerLoad((int) (now >>> 32), (int) now, false);
                    }

                    @Override
                    public Collection<String> rooms() {
                        return roomIds(rooms);
                    }
                });
        presence = started;
        started.start();
        timer.scheduleWithFixedDelay(this::syncRoomsLogged, ROOM_SYNC_MS, ROOM_SYNC_MS, TimeUnit.MILLISECONDS);
    }

    /** Room loop: the players seated and rooms open now (a volatile write, only when they changed). */
    void census(int players, int roomCount) {
        long now = ((long) players << 32) | (roomCount & 0xFFFF_FFFFL);
        if (now != census) {
            census = now;
        }
    }

    /** Room loop: the room list it just published. */
    void published(RoomList list) {
        rooms = list;
    }

    /**
     * Shard thread: claims the seat {@code ticket} names, off the shard, and tells {@code then} (on
     * a claim thread, or here when the pool is full) whether the player may be seated. Only a
     * reservation made for this server and run, for the ticket's player, and not yet claimed or
     * expired seats anyone.
     */
    void claim(Ticket ticket, Consumer<Verdict> then) {
        if (!ticket.reserved() || !ticket.serverId().equals(link.serverId())) {
            noReservation.increment();
            then.accept(Verdict.NO_RESERVATION);
            return;
        }
        try {
            claims.execute(() -> then.accept(claimNow(ticket)));
        } catch (RejectedExecutionException e) {
            busy.increment();
            then.accept(Verdict.BUSY);
        }
    }

    private Verdict claimNow(Ticket ticket) {
        ServerPresence current = presence;
        Optional<ServerLease> lease = current == null ? Optional.empty() : current.lease();
        if (lease.isEmpty()) {
            busy.increment();
            return Verdict.BUSY;
        }
        DirectoryResult<SeatClaim> result = link.directory().claim(lease.get(), ticket.reservationId());
        if (result.isOk()) {
            if (result.value().playerId() == ticket.playerId()) {
                claimed.increment();
                return Verdict.SEATED;
            }
            LOG.warn("room directory: reservation {} was made for player {}, presented by player {}'s ticket",
                    ticket.reservationId(), result.value().playerId(), ticket.playerId());
            noReservation.increment();
            return Verdict.NO_RESERVATION;
        }
        DirectoryError error = result.error();
        if (error == DirectoryError.RESERVATION_UNKNOWN || error == DirectoryError.WRONG_SERVER) {
            noReservation.increment();
            return Verdict.NO_RESERVATION;
        }
        busy.increment();
        return Verdict.BUSY;
    }

    /** No new rooms or players from now on: renews with draining=true at once (bounded by the call timeout). */
    void drain() {
        ServerPresence current = presence;
        if (current != null) {
            current.drain();
        }
    }

    /** True while registered and not taken over by another process with the same id. */
    boolean registered() {
        ServerPresence current = presence;
        return current != null && current.lease().isPresent() && !current.superseded();
    }

    private void syncRoomsLogged() {
        try {
            syncRooms();
        } catch (RuntimeException e) {
            LOG.error("room directory: recording rooms failed", e);
        }
    }

    /** Timer thread: records the rooms the loop created, removes those it closed. */
    private void syncRooms() {
        Optional<ServerLease> lease = presence.lease();
        if (lease.isEmpty()) {
            return;
        }
        List<String> now = roomIds(rooms);
        Set<String> live = new HashSet<>(now);
        for (String room : now) {
            if (!recorded.contains(room) && link.directory().recordRoom(lease.get(), room).isOk()) {
                recorded.add(room);
            }
        }
        for (Iterator<String> it = recorded.iterator(); it.hasNext(); ) {
            String room = it.next();
            if (!live.contains(room)) {
                DirectoryResult<Void> removed = link.directory().removeRoom(lease.get(), room);
                if (removed.isOk() || removed.error() != DirectoryError.UNAVAILABLE) {
                    it.remove();
                }
            }
        }
    }

    private List<String> roomIds(RoomList list) {
        List<String> ids = new ArrayList<>(list.size());
        for (RoomInfo info : list.rooms()) {
            ids.add(roomPrefix + info.getRoomId());
        }
        return ids;
    }

    /** Deregisters (the directory drops this server's rooms and unclaimed reservations) and stops its threads. */
    @Override
    public void close() {
        if (link == null) {
            return;
        }
        timer.shutdownNow();
        claims.shutdownNow();
        ServerPresence current = presence;
        if (current != null) {
            current.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

package io.gameport.sample.directory;

import java.util.List;

/**
 * Where rooms live when a game runs several room servers behind its login servers. Room servers
 * {@link #register} and keep {@link #renew}ing (a server whose renewals stop lapses after the
 * TTL and is chosen no more), {@link #recordRoom record} the rooms they own, and
 * {@link #claim} the seats the login server reserved for them; login servers place each player:
 * {@link #reserveNewRoom} on the least loaded server, or {@link #reserveInRoom} on a room's owner.
 *
 * <p>Every call answers a {@link DirectoryResult}: a value, or one of the {@link DirectoryError}s.
 * None throws for a store failure and none hangs: waiting for a connection, connecting and the
 * reply are each bounded by {@link DirectorySettings#callTimeoutMs}, and a store that does not
 * answer in time is {@link DirectoryError#UNAVAILABLE}; later calls work again once it is back.
 * Calls may block for a few times that timeout, so they belong on a worker pool, never on an I/O
 * thread or a dispatch shard. Bad arguments (a malformed room id) throw
 * {@link IllegalArgumentException}.
 *
 * <p>Load: a server's seats used are its last reported players, plus seats claimed since that
 * report, plus unclaimed reservations. A new room goes to the live, non-draining server with the
 * lowest fraction of its capacity used (ties: fewer rooms, then the lower id); a seat is reserved
 * only while seats used stay below capacity, checked and taken in one atomic step, so two logins
 * racing for the last seat cannot both get it. A player holds one unclaimed reservation at most:
 * reserving again releases the previous one first, so repeated logins cannot pile up seats.
 *
 * <p>Implementations: {@link InProcessRoomDirectory} (one process, nothing installed) and
 * {@link RedisRoomDirectory}. Thread-safe.
 */
public interface RoomDirectory extends AutoCloseable {

    /**
     * Registers a room server under a new incarnation, replacing any earlier registration of the
     * same id: the earlier incarnation's rooms and reservations are dropped (a restarted server
     * inherits nothing), and its lease is refused {@link DirectoryError#SUPERSEDED} from then on.
     */
    DirectoryResult<ServerLease> register(ServerRegistration registration);

    /**
     * Keeps the registration alive for another TTL and replaces its load report (players, rooms,
     * draining). A registration that lapsed is written anew under the same incarnation
     * ({@link Renewal#recreated()}: record the rooms again). {@link DirectoryError#SUPERSEDED}
     * when another incarnation holds the id.
     */
    DirectoryResult<Renewal> renew(ServerLease lease, ServerLoad load);

    /** Removes the registration, its rooms and its unclaimed reservations (drain's last step). */
    DirectoryResult<Void> deregister(ServerLease lease);

    /**
     * Records that the lease's server owns {@code roomId} (a room id unique across servers, e.g.
     * {@code serverId/incarnation/localId}); a room recorded by another server before is taken over.
     * {@link DirectoryError#NOT_REGISTERED} when the registration lapsed (renew first).
     */
    DirectoryResult<Void> recordRoom(ServerLease lease, String roomId);

    /** Forgets a room the lease's server owned (it ended); no error when it was not recorded. */
    DirectoryResult<Void> removeRoom(ServerLease lease, String roomId);

    /**
     * Reserves a seat for a player who wants a new room, on the least loaded live, non-draining
     * server with a free seat. {@link DirectoryError#NO_CAPACITY} when there is none.
     */
    DirectoryResult<Reservation> reserveNewRoom(long playerId);

    /**
     * Reserves a seat for a player on the server that owns {@code roomId}.
     * {@link DirectoryError#ROOM_LOST} when the room is unknown or its owner lapsed, restarted or
     * deregistered; {@link DirectoryError#ROOM_DRAINING} when the owner drains;
     * {@link DirectoryError#NO_CAPACITY} when it is full.
     */
    DirectoryResult<Reservation> reserveInRoom(String roomId, long playerId);

    /**
     * Claims a reservation for the server that holds {@code claimer}: only the server and
     * incarnation it was made for ({@link DirectoryError#WRONG_SERVER} otherwise, the reservation
     * left in place), once and before it expires ({@link DirectoryError#RESERVATION_UNKNOWN}).
     */
    DirectoryResult<SeatClaim> claim(ServerLease claimer, long reservationId);

    /** The live registrations, ordered by server id (for admin views and tests). */
    DirectoryResult<List<ServerInfo>> servers();

    DirectorySettings settings();

    /** Releases the store's connections; does not deregister anyone. */
    @Override
    void close();
}

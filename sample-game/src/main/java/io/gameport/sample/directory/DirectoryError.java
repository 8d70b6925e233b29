package io.gameport.sample.directory;

/**
 * Every way a {@link RoomDirectory} call can be refused. Each is a plain answer the caller maps to
 * a client-facing code; none is an exception, and none is a hang: a call the directory could not
 * answer within {@link DirectorySettings#callTimeoutMs} is {@link #UNAVAILABLE}.
 */
public enum DirectoryError {
    /** No live, non-draining server has a free seat (new room), or the room's owner is full. Tell the player "busy, retry". */
    NO_CAPACITY,
    /** The room's owner died (its registration lapsed), restarted (a new incarnation) or deregistered: place the player elsewhere. */
    ROOM_LOST,
    /** The room's owner is draining: it takes no new players, though the room still runs for those in it. */
    ROOM_DRAINING,
    /** A claim for a reservation that expired, was already claimed, or never existed. */
    RESERVATION_UNKNOWN,
    /** A claim by a server (or incarnation) other than the one the reservation was made for; the reservation stays. */
    WRONG_SERVER,
    /** The server's registration lapsed (no renewal within the TTL): {@link RoomDirectory#renew} writes it anew. */
    NOT_REGISTERED,
    /** The call came from an incarnation that no longer holds its server id: a newer process registered under it. */
    SUPERSEDED,
    /** The directory's store did not answer within the call timeout (Redis down or unreachable). Tell the player "busy, retry". */
    UNAVAILABLE
}

package io.gameport.sample.room;

/**
 * A player known to the room server: entered with a valid ticket, possibly in a room, possibly
 * disconnected and inside its grace period. Owned by the {@link RoomWorld}'s thread.
 *
 * @param <C> the server's handle for the player's connection (a session in the server,
 *            anything in tests); null while disconnected
 */
public final class Player<C> {
    private final long playerId;
    private final String name;
    C endpoint;
    Room<C> room;
    /** The login (ticket generation) that holds this seat: only a newer one takes it. */
    long generation;
    /** What a ReconnectRequest must carry to take the seat back; only the seat's connection was given it. */
    byte[] reconnectToken;
    /** The room this player created and that still exists, or null: one at a time. */
    Room<C> ownedRoom;
    /** The player may create its next room at or after this time (epoch ms). */
    long nextCreateAtMs;
    long disconnectedAtMs = -1;
    float x;
    float y;
    float pendingDx;
    float pendingDy;
    int lastInputSequence;
    /** The highest chat client sequence seen from this player (0 before the first). */
    int lastChatSequence;

    Player(long playerId, String name, C endpoint, long generation, byte[] reconnectToken) {
        this.playerId = playerId;
        this.name = name;
        this.endpoint = endpoint;
        this.generation = generation;
        this.reconnectToken = reconnectToken;
    }

    public long playerId() {
        return playerId;
    }

    public String name() {
        return name;
    }

    /** The live connection handle, or null while the player is disconnected. */
    public C endpoint() {
        return endpoint;
    }

    public Room<C> room() {
        return room;
    }

    public long generation() {
        return generation;
    }

    public boolean connected() {
        return endpoint != null;
    }

    public float x() {
        return x;
    }

    public float y() {
        return y;
    }

    public int lastInputSequence() {
        return lastInputSequence;
    }
}

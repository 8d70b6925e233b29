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
    long disconnectedAtMs = -1;
    float x;
    float y;
    float pendingDx;
    float pendingDy;
    int lastInputSequence;

    Player(long playerId, String name, C endpoint) {
        this.playerId = playerId;
        this.name = name;
        this.endpoint = endpoint;
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

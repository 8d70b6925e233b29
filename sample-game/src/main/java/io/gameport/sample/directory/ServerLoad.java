package io.gameport.sample.directory;

/**
 * What a room server reports with each {@link RoomDirectory#renew}: the players it seats now (its
 * own count, authoritative: it replaces the directory's), its rooms, and whether it is draining
 * (a draining server is never chosen for a new room or player).
 */
public record ServerLoad(int players, int rooms, boolean draining) {

    public static final ServerLoad IDLE = new ServerLoad(0, 0, false);

    public ServerLoad {
        if (players < 0 || rooms < 0) {
            throw new IllegalArgumentException("players and rooms cannot be negative: " + players + ", " + rooms);
        }
    }

    public ServerLoad withDraining(boolean draining) {
        return new ServerLoad(players, rooms, draining);
    }
}

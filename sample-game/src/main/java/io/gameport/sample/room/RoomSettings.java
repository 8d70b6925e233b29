package io.gameport.sample.room;

/**
 * The room rules: capacities, the reconnect grace period, movement speed and world size.
 * Units are in the names; {@link #defaults()} is the sample's game.
 */
public record RoomSettings(int defaultCapacity, int maxCapacity, int maxRooms, long reconnectGraceMs,
        float speedPerTick, float worldSize, int maxChatChars, int maxRoomNameChars) {

    public RoomSettings {
        if (defaultCapacity < 1 || maxCapacity < defaultCapacity) {
            throw new IllegalArgumentException("need 1 <= defaultCapacity <= maxCapacity");
        }
        if (maxRooms < 1 || reconnectGraceMs < 0 || speedPerTick <= 0 || worldSize <= 0 || maxChatChars < 1
                || maxRoomNameChars < 1) {
            throw new IllegalArgumentException("room settings out of range: " + this);
        }
    }

    public static RoomSettings defaults() {
        return new RoomSettings(50, 500, 10_000, 10_000, 0.5f, 1000f, 256, 32);
    }

    public RoomSettings withDefaultCapacity(int capacity) {
        return new RoomSettings(capacity, Math.max(maxCapacity, capacity), maxRooms, reconnectGraceMs, speedPerTick,
                worldSize, maxChatChars, maxRoomNameChars);
    }

    public RoomSettings withReconnectGraceMs(long graceMs) {
        return new RoomSettings(defaultCapacity, maxCapacity, maxRooms, graceMs, speedPerTick, worldSize,
                maxChatChars, maxRoomNameChars);
    }
}

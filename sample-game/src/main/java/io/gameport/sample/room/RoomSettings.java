package io.gameport.sample.room;

/**
 * The room rules: capacities, the reconnect grace period, movement speed and world size, and the
 * bounds on what one player can make the server hold (rooms, list pages, remembered tickets).
 * Units are in the names; {@link #defaults()} is the sample's game.
 *
 * @param maxRooms             rooms on the server at most; a create past it is ROOM_RESULT_TOO_MANY_ROOMS
 * @param roomCreateIntervalMs a player creates at most one room per interval (ROOM_RESULT_RATE_LIMITED);
 *                             and owns at most one existing room (ROOM_RESULT_ALREADY_OWNS_ROOM)
 * @param emptyRoomTtlMs       a room with nobody in it (a created room nobody joined) is removed after this long;
 *                             a room whose last member leaves is removed at once
 * @param listPageMax          rooms in one ListRoomsResponse at most (about 40 bytes each, far below the frame limit)
 * @param usedTicketMemory     ticket ids remembered (until their expiry) so each ticket enters once; when full,
 *                             an Enter is answered ROOM_RESULT_SERVER_BUSY (about 100 bytes each)
 */
public record RoomSettings(int defaultCapacity, int maxCapacity, int maxRooms, long reconnectGraceMs,
        float speedPerTick, float worldSize, int maxChatChars, int maxRoomNameChars, long roomCreateIntervalMs,
        long emptyRoomTtlMs, int listPageMax, int usedTicketMemory) {

    /**
     * Rooms in one ListRoomsResponse at most, whatever the settings say: a room is at most about 210
     * bytes encoded (a 64-character name of 3-byte characters and four numbers), so 200 of them stay
     * under 43 KB, below the 64 KiB frame limit.
     */
    public static final int LIST_PAGE_LIMIT = 200;

    public RoomSettings {
        if (defaultCapacity < 1 || maxCapacity < defaultCapacity) {
            throw new IllegalArgumentException("need 1 <= defaultCapacity <= maxCapacity, was " + defaultCapacity
                    + " and " + maxCapacity);
        }
        if (maxRooms < 1 || reconnectGraceMs < 0 || speedPerTick <= 0 || worldSize <= 0 || maxChatChars < 1
                || maxRoomNameChars < 1 || maxRoomNameChars > 64) {
            throw new IllegalArgumentException("room settings out of range: " + this);
        }
        if (roomCreateIntervalMs < 0) {
            throw new IllegalArgumentException("roomCreateIntervalMs must be >= 0, was " + roomCreateIntervalMs);
        }
        if (emptyRoomTtlMs < 0) {
            throw new IllegalArgumentException("emptyRoomTtlMs must be >= 0, was " + emptyRoomTtlMs);
        }
        if (listPageMax < 1 || listPageMax > LIST_PAGE_LIMIT) {
            throw new IllegalArgumentException("listPageMax must be in 1.." + LIST_PAGE_LIMIT + ", was " + listPageMax);
        }
        if (usedTicketMemory < 1) {
            throw new IllegalArgumentException("usedTicketMemory must be >= 1, was " + usedTicketMemory);
        }
    }

    public static RoomSettings defaults() {
        return new RoomSettings(50, 500, 10_000, 10_000, 0.5f, 1000f, 256, 32, 5_000, 10_000, 100, 100_000);
    }

    public RoomSettings withDefaultCapacity(int capacity) {
        return new RoomSettings(capacity, Math.max(maxCapacity, capacity), maxRooms, reconnectGraceMs, speedPerTick,
                worldSize, maxChatChars, maxRoomNameChars, roomCreateIntervalMs, emptyRoomTtlMs, listPageMax,
                usedTicketMemory);
    }

    public RoomSettings withReconnectGraceMs(long graceMs) {
        return new RoomSettings(defaultCapacity, maxCapacity, maxRooms, graceMs, speedPerTick, worldSize,
                maxChatChars, maxRoomNameChars, roomCreateIntervalMs, emptyRoomTtlMs, listPageMax, usedTicketMemory);
    }

    public RoomSettings withMaxRooms(int rooms) {
        return new RoomSettings(defaultCapacity, maxCapacity, rooms, reconnectGraceMs, speedPerTick, worldSize,
                maxChatChars, maxRoomNameChars, roomCreateIntervalMs, emptyRoomTtlMs, listPageMax, usedTicketMemory);
    }

    public RoomSettings withRoomCreateIntervalMs(long intervalMs) {
        return new RoomSettings(defaultCapacity, maxCapacity, maxRooms, reconnectGraceMs, speedPerTick, worldSize,
                maxChatChars, maxRoomNameChars, intervalMs, emptyRoomTtlMs, listPageMax, usedTicketMemory);
    }

    public RoomSettings withEmptyRoomTtlMs(long ttlMs) {
        return new RoomSettings(defaultCapacity, maxCapacity, maxRooms, reconnectGraceMs, speedPerTick, worldSize,
                maxChatChars, maxRoomNameChars, roomCreateIntervalMs, ttlMs, listPageMax, usedTicketMemory);
    }

    public RoomSettings withListPageMax(int pageMax) {
        return new RoomSettings(defaultCapacity, maxCapacity, maxRooms, reconnectGraceMs, speedPerTick, worldSize,
                maxChatChars, maxRoomNameChars, roomCreateIntervalMs, emptyRoomTtlMs, pageMax, usedTicketMemory);
    }

    public RoomSettings withUsedTicketMemory(int tickets) {
        return new RoomSettings(defaultCapacity, maxCapacity, maxRooms, reconnectGraceMs, speedPerTick, worldSize,
                maxChatChars, maxRoomNameChars, roomCreateIntervalMs, emptyRoomTtlMs, listPageMax, tickets);
    }
}

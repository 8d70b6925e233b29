package io.gameport.sample.room;

import io.gameport.sample.messages.RoomInfo;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A room: a name, a capacity, its members in join order, and its tick count. Owned by the {@link RoomWorld}'s thread. */
public final class Room<C> {
    private final int roomId;
    private final String name;
    private final int capacity;
    /** The player who created it, 0 for a room the server made. */
    final long ownerId;
    final Map<Long, Player<C>> members = new LinkedHashMap<>();
    long tick;
    /** When the room last became empty (epoch ms), or -1 while it has members. */
    long emptySinceMs;
    /** The listing, rebuilt only when the member count changes (the room list snapshot reuses it). */
    private RoomInfo info;

    Room(int roomId, String name, int capacity, long ownerId, long createdAtMs) {
        this.roomId = roomId;
        this.name = name;
        this.capacity = capacity;
        this.ownerId = ownerId;
        this.emptySinceMs = createdAtMs;
    }

    public int roomId() {
        return roomId;
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    public long ownerId() {
        return ownerId;
    }

    /** Members in join order, including those disconnected within their grace period. */
    public Collection<Player<C>> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    public long tick() {
        return tick;
    }

    public boolean full() {
        return members.size() >= capacity;
    }

    public RoomInfo info() {
        RoomInfo current = info;
        if (current == null || current.getMemberCount() != members.size()) {
            current = RoomInfo.newBuilder().setRoomId(roomId).setName(name).setMemberCount(members.size())
                    .setCapacity(capacity).build();
            info = current;
        }
        return current;
    }
}

package io.gameport.sample.room;

import io.gameport.protocol.sample.RoomInfo;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A room: a name, a capacity, its members in join order, and its tick count. Owned by the {@link RoomWorld}'s thread. */
public final class Room<C> {
    private final int roomId;
    private final String name;
    private final int capacity;
    final Map<Long, Player<C>> members = new LinkedHashMap<>();
    long tick;

    Room(int roomId, String name, int capacity) {
        this.roomId = roomId;
        this.name = name;
        this.capacity = capacity;
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
        return RoomInfo.newBuilder().setRoomId(roomId).setName(name).setMemberCount(members.size())
                .setCapacity(capacity).build();
    }
}

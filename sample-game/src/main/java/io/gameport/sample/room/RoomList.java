package io.gameport.sample.room;

import io.gameport.sample.messages.ListRoomsResponse;
import io.gameport.sample.messages.RoomInfo;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable snapshot of every room's listing, in room id order, published by the room loop
 * (at most once per tick, when something changed) and read by any thread: ListRooms is answered
 * from it on the session's shard, so listing costs the room loop nothing however often players
 * ask. Pages are cut by room id, so a page boundary stays put while rooms come and go.
 */
public final class RoomList {

    public static final RoomList EMPTY = new RoomList(new RoomInfo[0]);

    private final RoomInfo[] rooms;
    private final int[] ids;

    /** {@code rooms} in ascending room id; the array is kept, not copied: the caller gives it up. */
    RoomList(RoomInfo[] rooms) {
        this.rooms = rooms;
        this.ids = new int[rooms.length];
        for (int i = 0; i < rooms.length; i++) {
            ids[i] = rooms[i].getRoomId();
        }
    }

    public int size() {
        return rooms.length;
    }

    public List<RoomInfo> rooms() {
        return List.of(rooms);
    }

    /**
     * Up to {@code limit} rooms with an id above {@code afterRoomId}; {@code limit} 0 or above
     * {@code pageMax} means {@code pageMax}. next_after_room_id is 0 on the last page.
     */
    public ListRoomsResponse page(int afterRoomId, int limit, int pageMax) {
        int size = limit <= 0 || limit > pageMax ? pageMax : limit;
        int found = Arrays.binarySearch(ids, afterRoomId);
        int from = found >= 0 ? found + 1 : -found - 1;
        int to = Math.min(rooms.length, from + size);
        ListRoomsResponse.Builder page = ListRoomsResponse.newBuilder().setTotalRooms(rooms.length);
        for (int i = from; i < to; i++) {
            page.addRooms(rooms[i]);
        }
        if (to < rooms.length) {
            page.setNextAfterRoomId(ids[to - 1]);
        }
        return page.build();
    }
}

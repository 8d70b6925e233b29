package io.gameport.sample.room;

import com.google.protobuf.Message;

/**
 * Where the {@link RoomWorld} sends what every member of a room must see: chat, joins and
 * leaves, and each tick's state. The server encodes {@code message} once and queues the same
 * bytes on each connected member's connection. Called on the world's thread, in order.
 */
public interface RoomEvents<C> {

    /** Deliver {@code message} to every connected member of {@code room} except {@code exceptPlayerId} (0: none). */
    void broadcast(Room<C> room, Message message, long exceptPlayerId);

    /** A new room list snapshot, at a tick, before that tick's broadcasts (hand it to the threads that answer ListRooms). */
    default void published(RoomList list) {
    }
}

package io.gameport.sample.room;

import io.gameport.net.Connection;

/**
 * One connection to the room server and, once its ticket is accepted, the player it speaks for.
 * {@code playerId} is written by the room loop after a successful enter and read by the I/O
 * worker, hence volatile.
 */
final class RoomSession {
    final Connection connection;
    volatile long playerId;

    RoomSession(Connection connection) {
        this.connection = connection;
    }

    boolean entered() {
        return playerId != 0;
    }
}

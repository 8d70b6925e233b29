package io.gameport.sample.login;

import io.gameport.sample.messages.LoginResult;

/**
 * Where a logged-in player goes: a room server and, with a room directory, the seat reserved
 * there ({@code result} OK, or ROOM_LOST when the room asked for is gone and this seat is
 * elsewhere); or why nobody can take the player now ({@code result} SERVER_BUSY or UNAVAILABLE,
 * with how long to wait).
 */
record Placement(LoginResult result, String host, int port, long reservationId, String serverId, int retryAfterMs) {

    static Placement seat(LoginResult result, String host, int port, long reservationId, String serverId) {
        return new Placement(result, host, port, reservationId, serverId, 0);
    }

    static Placement refused(LoginResult result, int retryAfterMs) {
        return new Placement(result, "", 0, 0, "", retryAfterMs);
    }

    boolean placed() {
        return result == LoginResult.LOGIN_RESULT_OK || result == LoginResult.LOGIN_RESULT_ROOM_LOST;
    }
}

package io.gameport.sample.room;

import io.gameport.net.CloseReason;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.session.Session;

/**
 * Lets go of a connection whose seat moved to another one (a newer login of the account, or its
 * owner reconnecting): the session stops speaking for the player at once (its player attribute is
 * cleared, so nothing it still sends acts as the player, and its close does not suspend the
 * seat), and Gameport closes it after sending {@code Disconnect{SESSION_REPLACED, reason}} (after
 * what the loop already sent it, within the session settings' linger). Room loop thread.
 */
final class SeatEviction {

    private SeatEviction() {
    }

    static void evict(Session session, String reason) {
        session.attribute(RoomHandler.PLAYER_ID, null);
        session.close(CloseReason.LOCAL_CLOSE, ErrorCode.ERROR_CODE_SESSION_REPLACED, reason);
    }
}

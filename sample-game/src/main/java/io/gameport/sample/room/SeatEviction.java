package io.gameport.sample.room;

import io.gameport.net.CloseReason;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.session.Session;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Lets go of connections whose seat moved to another one (a newer login of the account, or its
 * owner reconnecting): the session stops speaking for the player at once (its player attribute is
 * cleared, so nothing it still sends acts as the player, and its close does not suspend the
 * seat), the peer is sent a {@code Disconnect} with the reason, and the session is closed once
 * that frame has left (a close discards what is still queued), checked at each tick, or after
 * {@link #MAX_TICKS_TO_FLUSH} ticks whatever is left. Room loop thread only.
 */
final class SeatEviction {

    /** A peer that does not take the notice within this many ticks is closed without it. */
    static final int MAX_TICKS_TO_FLUSH = 20;

    private static final class Leaving {
        final Session session;
        int ticksLeft = MAX_TICKS_TO_FLUSH;

        Leaving(Session session) {
            this.session = session;
        }
    }

    private final List<Leaving> leaving = new ArrayList<>();

    void evict(Session session, String reason) {
        session.attribute(RoomHandler.PLAYER_ID, null);
        session.send(Disconnect.newBuilder().setCode(ErrorCode.ERROR_CODE_UNSPECIFIED).setReason(reason).build());
        leaving.add(new Leaving(session));
    }

    /** Closes the evicted sessions whose notice has left (or that ran out of ticks). */
    void onTick() {
        for (Iterator<Leaving> it = leaving.iterator(); it.hasNext(); ) {
            Leaving each = it.next();
            if (!each.session.isOpen() || each.session.pendingFrames() == 0 || --each.ticksLeft <= 0) {
                each.session.close(CloseReason.LOCAL_CLOSE);
                it.remove();
            }
        }
    }

    int pending() {
        return leaving.size();
    }
}

package io.gameport.session;

import io.gameport.net.CloseReason;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why recently closed resumable sessions were closed, so a late {@code Resume} is refused with the
 * code that tells the client what happened (grace expired, backlog exceeded) rather than a bare
 * "closed". Bounded: the oldest entries give way, and a session forgotten is refused as closed.
 * Any thread.
 */
final class ClosedSessions {

    private final Map<Long, Refusal> refusals;

    ClosedSessions(int capacity) {
        this.refusals = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Refusal> eldest) {
                return size() > capacity;
            }
        };
    }

    void remember(long sessionId, CloseReason reason) {
        Refusal refusal = switch (reason) {
            case RESUME_GRACE_EXPIRED -> Refusal.GRACE_EXPIRED;
            case RESUME_BACKLOG_EXCEEDED -> Refusal.BACKLOG_EXCEEDED;
            default -> Refusal.SESSION_CLOSED;
        };
        synchronized (refusals) {
            refusals.put(sessionId, refusal);
        }
    }

    /** The refusal for a {@code Resume} of {@code sessionId}: why it closed, or closed when not remembered. */
    Refusal refusalFor(long sessionId) {
        synchronized (refusals) {
            return refusals.getOrDefault(sessionId, Refusal.SESSION_CLOSED);
        }
    }
}

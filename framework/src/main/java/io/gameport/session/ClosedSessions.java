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

    private final Map<Long, CloseReason> reasons;

    ClosedSessions(int capacity) {
        this.reasons = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, CloseReason> eldest) {
                return size() > capacity;
            }
        };
    }

    void remember(long sessionId, CloseReason reason) {
        synchronized (reasons) {
            reasons.put(sessionId, reason);
        }
    }

    /** Why {@code sessionId} closed, or null when it is not remembered (never seen, or forgotten). */
    CloseReason reasonFor(long sessionId) {
        synchronized (reasons) {
            return reasons.get(sessionId);
        }
    }

    /** The refusal for a {@code Resume} of {@code sessionId}: why it closed, or closed when not remembered. */
    Refusal refusalFor(long sessionId) {
        CloseReason reason = reasonFor(sessionId);
        if (reason == null) {
            return Refusal.SESSION_CLOSED;
        }
        return switch (reason) {
            case RESUME_GRACE_EXPIRED -> Refusal.GRACE_EXPIRED;
            case RESUME_BACKLOG_EXCEEDED -> Refusal.BACKLOG_EXCEEDED;
            default -> Refusal.SESSION_CLOSED;
        };
    }
}

package io.gameport.metrics;

import static io.gameport.metrics.TransportMeters.tagValue;

import io.gameport.net.CloseReason;
import io.gameport.session.IdleMonitor;
import io.gameport.session.Session;
import io.gameport.session.SessionManager;
import io.gameport.session.SessionState;
import io.micrometer.core.instrument.Tags;

/** The sessions' meters: sessions by state, closes by reason, the idle monitor's closes and pings. */
final class SessionMeters {

    private SessionMeters() {
    }

    static void register(MeterSet meters, SessionManager sessions, IdleMonitor idle) {
        for (SessionState state : SessionState.values()) {
            if (state != SessionState.CLOSED) {
                // Counted at scrape time by walking the sessions: nothing on the session's path.
                meters.gauge("gameport.sessions", "Sessions, by state", null, sessions, s -> count(s, state),
                        Tags.of("state", tagValue(state)));
            }
        }
        for (CloseReason reason : CloseReason.values()) {
            meters.counter("gameport.sessions.closed", "Sessions closed, by reason", sessions, s -> s.closedCount(reason),
                    Tags.of("reason", tagValue(reason)));
        }
        meters.counter("gameport.sessions.idle.closes", "Sessions closed for sending nothing within the idle timeout",
                idle, IdleMonitor::idleCloses, Tags.empty());
        meters.counter("gameport.sessions.auth.timeouts", "Sessions closed for not authenticating in time", idle,
                IdleMonitor::authTimeouts, Tags.empty());
        meters.counter("gameport.sessions.pings.sent", "Heartbeat pings sent to quiet sessions", idle,
                IdleMonitor::pingsSent, Tags.empty());
    }

    private static double count(SessionManager sessions, SessionState state) {
        int n = 0;
        for (Session session : sessions.all()) {
            if (session.state() == state) {
                n++;
            }
        }
        return n;
    }
}

package io.gameport.metrics;

import static io.gameport.metrics.TransportMeters.tagValue;

import io.gameport.net.CloseReason;
import io.gameport.session.IdleMonitor;
import io.gameport.session.Refusal;
import io.gameport.session.Resumption;
import io.gameport.session.Session;
import io.gameport.session.SessionManager;
import io.gameport.session.SessionState;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The sessions' meters: sessions by state, closes by reason, the idle monitor's closes and pings. */
final class SessionMeters {

    /**
     * From a Wi-Fi hiccup to the default 30 s grace period and beyond (a longer grace): whether the
     * players who come back take seconds or most of the grace is what sizes {@code graceMs}.
     */
    private static final Duration[] SUSPENSION_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60)};

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
        Resumption resumption = sessions.resumption();
        if (resumption != null) {
            registerResumption(meters, sessions, resumption);
        }
    }

    /** Resumable sessions' meters, over the counters {@link Resumption} keeps. */
    private static void registerResumption(MeterSet meters, SessionManager sessions, Resumption resumption) {
        meters.gauge("gameport.sessions.suspended", "Resumable sessions without a connection now", null, sessions,
                SessionMeters::suspended, Tags.empty());
        meters.counter("gameport.sessions.suspensions", "Connection drops that suspended a resumable session", resumption,
                Resumption::suspensions, Tags.empty());
        meters.counter("gameport.sessions.resumes", "Sessions resumed on a new connection", resumption, Resumption::resumes,
                Tags.empty());
        meters.counter("gameport.sessions.takeovers", "Resumes that took a session over from a connection still attached",
                resumption, Resumption::takeovers, Tags.empty());
        for (Refusal refusal : Refusal.values()) {
            meters.counter("gameport.sessions.resume.refusals", "Resumes refused, by kind", resumption, r -> r.refusals(refusal),
                    Tags.of("kind", tagValue(refusal)));
        }
        meters.counter("gameport.sessions.grace.expiries", "Suspended sessions closed because their grace period passed",
                resumption, Resumption::graceExpiries, Tags.empty());
        meters.counter("gameport.sessions.backlog.closes", "Resumable sessions closed because what they kept passed the send quota",
                resumption, Resumption::backlogCloses, Tags.empty());
        meters.counter("gameport.sessions.replayed.frames", "Frames sent again after resumes", resumption,
                Resumption::replayedFrames, Tags.empty());
        meters.counter("gameport.sessions.acks.sent", "Ack frames sent", resumption, Resumption::acksSent, Tags.empty());
        meters.gauge("gameport.sessions.kept", "Bytes resumable sessions keep until acknowledged", "bytes", resumption,
                Resumption::keptBytes, Tags.empty());
        Timer suspensionLengths = meters.timer("gameport.sessions.suspension.duration",
                "How long each suspension a resume ended lasted, from the drop to the resume", Tags.empty(), SUSPENSION_BUCKETS);
        resumption.reportSuspensionLengths(nanos -> suspensionLengths.record(nanos, TimeUnit.NANOSECONDS));
    }

    private static double suspended(SessionManager sessions) {
        int n = 0;
        for (Session session : sessions.all()) {
            if (session.isSuspended()) {
                n++;
            }
        }
        return n;
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

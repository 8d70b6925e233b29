package io.gameport.session;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * Liveness settings of sessions. Immutable; validated on construction.
 *
 * @param idleTimeoutMs       a session that sends nothing for this long is closed ({@code IDLE_TIMEOUT}); 0 disables
 * @param heartbeatIntervalMs a session silent for this long is sent a {@code Ping} (a client answers
 *                            with {@code Pong}, which counts as activity), again every interval while
 *                            it stays silent; 0 disables; must be below the idle timeout
 * @param checkPeriodMs       how often the timer thread looks at every session; the precision of
 *                            both timeouts, the authentication deadline and of {@link Session#lastActivityNanos()}
 * @param authDeadlineMs      a session not {@linkplain Session#markAuthenticated() marked authenticated}
 *                            this long after it opened is closed ({@code AUTH_TIMEOUT}), so a peer
 *                            cannot hold a connection without logging in; 0 disables (the framework's
 *                            default: only the game knows what authenticating means)
 * @param disconnectLingerMs  how long a purposeful close waits for the queued frames and its
 *                            {@code Disconnect} to be sent before closing anyway (a peer that does not
 *                            read cannot hold its session open); at least 1
 * @param resume              resumable sessions (off by default): a session outlives a dropped
 *                            connection for a grace period and continues on a new one; with it on, a
 *                            silent session's idle timeout drops its connection (the session is
 *                            suspended) instead of closing the session
 */
public record SessionSettings(long idleTimeoutMs, long heartbeatIntervalMs, long checkPeriodMs, long authDeadlineMs,
                              long disconnectLingerMs, ResumeSettings resume) {

    public static final long DEFAULT_DISCONNECT_LINGER_MS = 2_000;

    public SessionSettings {
        Require.atLeast("SessionSettings.idleTimeoutMs", idleTimeoutMs, 0);
        Require.atLeast("SessionSettings.heartbeatIntervalMs", heartbeatIntervalMs, 0);
        if (idleTimeoutMs > 0 && heartbeatIntervalMs >= idleTimeoutMs) {
            throw new IllegalArgumentException("SessionSettings.heartbeatIntervalMs must be below idleTimeoutMs (" + idleTimeoutMs
                    + ") or the ping comes too late, was " + heartbeatIntervalMs);
        }
        Require.atLeast("SessionSettings.checkPeriodMs", checkPeriodMs, 1);
        Require.atLeast("SessionSettings.authDeadlineMs", authDeadlineMs, 0);
        Require.inRange("SessionSettings.disconnectLingerMs", disconnectLingerMs, 1, Integer.MAX_VALUE);
        Require.set("SessionSettings.resume", resume);
    }

    /** Idle after 60 s, ping after 15 s of silence, checked every second; no authentication deadline; 2 s linger; no resumption. */
    public static SessionSettings defaults() {
        return new SessionSettings(60_000, 15_000, 1_000, 0, DEFAULT_DISCONNECT_LINGER_MS, ResumeSettings.defaults());
    }

    public SessionSettings withIdleTimeoutMs(long value) {
        return Records.with(this, "idleTimeoutMs", value);
    }

    public SessionSettings withHeartbeatIntervalMs(long value) {
        return Records.with(this, "heartbeatIntervalMs", value);
    }

    public SessionSettings withCheckPeriodMs(long value) {
        return Records.with(this, "checkPeriodMs", value);
    }

    public SessionSettings withAuthDeadlineMs(long value) {
        return Records.with(this, "authDeadlineMs", value);
    }

    public SessionSettings withDisconnectLingerMs(long value) {
        return Records.with(this, "disconnectLingerMs", value);
    }

    public SessionSettings withResume(ResumeSettings value) {
        return Records.with(this, "resume", value);
    }

    /** True when the timer thread has something to check. */
    public boolean monitors() {
        return idleTimeoutMs > 0 || heartbeatIntervalMs > 0 || authDeadlineMs > 0 || resume.enabled();
    }
}

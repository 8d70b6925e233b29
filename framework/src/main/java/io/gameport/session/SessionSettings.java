package io.gameport.session;

/**
 * Liveness settings of sessions. Immutable; validated on construction.
 *
 * @param idleTimeoutMs       a session that sends nothing for this long is closed ({@code IDLE_TIMEOUT}); 0 disables
 * @param heartbeatIntervalMs a session silent for this long is sent a {@code Ping} (a client answers
 *                            with {@code Pong}, which counts as activity), again every interval while
 *                            it stays silent; 0 disables; must be below the idle timeout
 * @param checkPeriodMs       how often the timer thread looks at every session; the precision of
 *                            both timeouts and of {@link Session#lastActivityNanos()}
 */
public record SessionSettings(long idleTimeoutMs, long heartbeatIntervalMs, long checkPeriodMs) {

    public SessionSettings {
        if (idleTimeoutMs < 0 || heartbeatIntervalMs < 0) {
            throw new IllegalArgumentException("idleTimeoutMs and heartbeatIntervalMs must be >= 0, were "
                    + idleTimeoutMs + " and " + heartbeatIntervalMs);
        }
        if (idleTimeoutMs > 0 && heartbeatIntervalMs >= idleTimeoutMs) {
            throw new IllegalArgumentException("heartbeatIntervalMs (" + heartbeatIntervalMs
                    + ") must be below idleTimeoutMs (" + idleTimeoutMs + ") or the ping comes too late");
        }
        if (checkPeriodMs < 1) {
            throw new IllegalArgumentException("checkPeriodMs must be >= 1, was " + checkPeriodMs);
        }
    }

    /** Idle after 60 s, ping after 15 s of silence, checked every second. */
    public static SessionSettings defaults() {
        return new SessionSettings(60_000, 15_000, 1_000);
    }

    public boolean monitors() {
        return idleTimeoutMs > 0 || heartbeatIntervalMs > 0;
    }
}

package io.gameport.session;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * Resumable sessions (protocol README, "Resumable sessions"): a session outlives its connection
 * and a client that comes back within the grace period continues it, nothing lost and nothing
 * handled twice. Off by default: then nothing of it is on the wire or on the hot path.
 *
 * @param enabled         sessions are resumable
 * @param graceMs         how long a session whose connection dropped is kept (suspended) for its
 *                        client to resume it; then it closes ({@code RESUME_GRACE_EXPIRED})
 * @param ackEveryFrames  an {@code Ack} is sent after this many game frames received without one
 * @param ackDelayMs      otherwise at most this long after an unacknowledged game frame (the
 *                        period of the resumption timer, which also expires grace periods and
 *                        renews tokens)
 * @param tokenLifetimeMs a resume token is refused this long after it was issued; the server renews
 *                        a session's token when half of it has passed
 * @param serverId        names this server inside its tokens: a token of another server is refused
 *                        even when the servers share a secret
 * @param secret          the HMAC key of the tokens, at least 16 characters; empty: a random key made
 *                        at start-up (tokens then die with the process, as its sessions do)
 */
public record ResumeSettings(boolean enabled, long graceMs, int ackEveryFrames, long ackDelayMs, long tokenLifetimeMs,
                             String serverId, String secret) {

    public ResumeSettings {
        Require.inRange("ResumeSettings.graceMs", graceMs, 1, Integer.MAX_VALUE);
        Require.inRange("ResumeSettings.ackEveryFrames", ackEveryFrames, 1, 1 << 20);
        Require.inRange("ResumeSettings.ackDelayMs", ackDelayMs, 1, 60_000);
        Require.atLeast("ResumeSettings.tokenLifetimeMs", tokenLifetimeMs, "ResumeSettings.graceMs", graceMs);
        Require.set("ResumeSettings.serverId", serverId);
        if (serverId.isEmpty()) {
            throw new IllegalArgumentException("ResumeSettings.serverId must not be empty");
        }
        Require.set("ResumeSettings.secret", secret);
        if (!secret.isEmpty() && secret.length() < 16) {
            throw new IllegalArgumentException("ResumeSettings.secret must be empty (a random key) or at least 16 characters, was "
                    + secret.length() + " characters");
        }
    }

    /** Off; when on: 30 s grace, an ack every 32 frames or 200 ms, tokens valid 1 hour, a random secret. */
    public static ResumeSettings defaults() {
        return new ResumeSettings(false, 30_000, 32, 200, 3_600_000, "gameport", "");
    }

    public ResumeSettings withEnabled(boolean value) {
        return Records.with(this, "enabled", value);
    }

    public ResumeSettings withGraceMs(long value) {
        return Records.with(this, "graceMs", value);
    }

    public ResumeSettings withAckEveryFrames(int value) {
        return Records.with(this, "ackEveryFrames", value);
    }

    public ResumeSettings withAckDelayMs(long value) {
        return Records.with(this, "ackDelayMs", value);
    }

    public ResumeSettings withTokenLifetimeMs(long value) {
        return Records.with(this, "tokenLifetimeMs", value);
    }

    public ResumeSettings withServerId(String value) {
        return Records.with(this, "serverId", value);
    }

    public ResumeSettings withSecret(String value) {
        return Records.with(this, "secret", value);
    }

    @Override
    public String toString() {
        // The secret stays out of logs.
        return "ResumeSettings[enabled=" + enabled + ", graceMs=" + graceMs + ", ackEveryFrames=" + ackEveryFrames
                + ", ackDelayMs=" + ackDelayMs + ", tokenLifetimeMs=" + tokenLifetimeMs + ", serverId=" + serverId
                + ", secret=" + (secret.isEmpty() ? "random" : "(set)") + "]";
    }
}

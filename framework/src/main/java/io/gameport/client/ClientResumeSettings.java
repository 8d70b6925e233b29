package io.gameport.client;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * A {@link GameClient}'s side of resumable sessions (protocol README, "Resumable sessions"). Off
 * by default. On, the client keeps every message it sent until the server acknowledges it, and
 * when its connection drops it reconnects by itself within the server's grace period, resumes the
 * session and sends again what the server had not received.
 *
 * <p>Half-open connections (no FIN, no RST: a cable pulled, a NAT that forgot the flow) are
 * noticed by silence: a client that hears nothing for {@code heartbeatIntervalMs} sends a
 * {@code Ping}, which the server answers; one that hears nothing for {@code deadAfterMs} drops
 * the connection and resumes on a new one. A half-open connection is thus detected within
 * {@code deadAfterMs} plus one {@code ackDelayMs}. Over TLS the silence counts from the end of the
 * connection's handshake: no frame can come before it, and the handshake has its own deadline
 * ({@code TlsSettings.handshakeTimeoutMillis}), which is what finds a connection that goes dead
 * while it handshakes.
 *
 * @param enabled             resume when the connection drops
 * @param firstBackoffMs      the first reconnect attempt waits up to this long (jittered: half of it to all
 *                            of it), each next one twice as long
 * @param maxBackoffMs        the longest wait between two attempts
 * @param ackEveryFrames      an {@code Ack} after this many frames received without one
 * @param ackDelayMs          otherwise at most this long after an unacknowledged frame; also the period of
 *                            the client's timer (acks, heartbeat, silence)
 * @param heartbeatIntervalMs a {@code Ping} after this long without hearing the server
 * @param deadAfterMs         the connection is taken for dead after this long without hearing the server
 * @param maxKeptFrames       messages sent and not acknowledged the client keeps; a send past it is refused
 * @param maxKeptBytes        the same in bytes
 */
public record ClientResumeSettings(boolean enabled, long firstBackoffMs, long maxBackoffMs, int ackEveryFrames, long ackDelayMs,
                                   long heartbeatIntervalMs, long deadAfterMs, int maxKeptFrames, long maxKeptBytes) {

    public ClientResumeSettings {
        Require.inRange("ClientResumeSettings.firstBackoffMs", firstBackoffMs, 1, 60_000);
        Require.atLeast("ClientResumeSettings.maxBackoffMs", maxBackoffMs, "ClientResumeSettings.firstBackoffMs", firstBackoffMs);
        Require.inRange("ClientResumeSettings.ackEveryFrames", ackEveryFrames, 1, 1 << 20);
        Require.inRange("ClientResumeSettings.ackDelayMs", ackDelayMs, 1, 60_000);
        Require.atLeast("ClientResumeSettings.heartbeatIntervalMs", heartbeatIntervalMs, "ClientResumeSettings.ackDelayMs", ackDelayMs);
        Require.atLeast("ClientResumeSettings.deadAfterMs", deadAfterMs, "ClientResumeSettings.heartbeatIntervalMs",
                heartbeatIntervalMs + 1);
        Require.atLeast("ClientResumeSettings.maxKeptFrames", maxKeptFrames, 1);
        Require.atLeast("ClientResumeSettings.maxKeptBytes", maxKeptBytes, 1);
    }

    /** Off; when on: back-off from 100 ms to 2 s, an ack every 32 frames or 200 ms, a ping after 5 s of silence, dead after 15 s. */
    public static ClientResumeSettings defaults() {
        return new ClientResumeSettings(false, 100, 2_000, 32, 200, 5_000, 15_000, 16_384, 64L << 20);
    }

    public ClientResumeSettings withEnabled(boolean value) {
        return Records.with(this, "enabled", value);
    }

    public ClientResumeSettings withFirstBackoffMs(long value) {
        return Records.with(this, "firstBackoffMs", value);
    }

    public ClientResumeSettings withMaxBackoffMs(long value) {
        return Records.with(this, "maxBackoffMs", value);
    }

    public ClientResumeSettings withAckEveryFrames(int value) {
        return Records.with(this, "ackEveryFrames", value);
    }

    public ClientResumeSettings withAckDelayMs(long value) {
        return Records.with(this, "ackDelayMs", value);
    }

    public ClientResumeSettings withHeartbeatIntervalMs(long value) {
        return Records.with(this, "heartbeatIntervalMs", value);
    }

    public ClientResumeSettings withDeadAfterMs(long value) {
        return Records.with(this, "deadAfterMs", value);
    }

    public ClientResumeSettings withMaxKeptFrames(int value) {
        return Records.with(this, "maxKeptFrames", value);
    }

    public ClientResumeSettings withMaxKeptBytes(long value) {
        return Records.with(this, "maxKeptBytes", value);
    }
}

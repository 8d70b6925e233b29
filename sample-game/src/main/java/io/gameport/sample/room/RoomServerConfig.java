package io.gameport.sample.room;

import io.gameport.net.TransportSettings;
import java.net.InetSocketAddress;

/**
 * Where the room server listens, its tick rate, room rules, the ticket secret shared with the
 * login server, the per-session message limits, how long a connection may take to enter, and how
 * long a dropped connection's session is kept for its client to resume ({@code resumeGraceMs}, 0:
 * sessions are not resumable; the {@code room-server} command and the soak turn it on, 30 s).
 */
public record RoomServerConfig(InetSocketAddress bind, TransportSettings transport, int tickHz, RoomSettings rooms,
        byte[] ticketSecret, RoomLimits limits, long authDeadlineMs, long resumeGraceMs) {

    public static final int DEFAULT_TICK_HZ = 20;
    /** A connection that has not entered within this long is closed (AUTH_TIMEOUT): a client enters at once. */
    public static final long DEFAULT_AUTH_DEADLINE_MS = 10_000;
    /** How long the room server's commands keep a dropped session for its client to resume. */
    public static final long DEFAULT_RESUME_GRACE_MS = 30_000;

    public RoomServerConfig {
        if (tickHz < 1 || tickHz > 1000) {
            throw new IllegalArgumentException("tick rate must be in 1..1000 Hz, was " + tickHz);
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must be set");
        }
        if (authDeadlineMs < 1) {
            throw new IllegalArgumentException("authDeadlineMs must be >= 1, was " + authDeadlineMs);
        }
        if (resumeGraceMs < 0 || resumeGraceMs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("resumeGraceMs must be 0 (off) or in 1.." + Integer.MAX_VALUE + ", was " + resumeGraceMs);
        }
    }

    /** Sessions not resumable. */
    public RoomServerConfig(InetSocketAddress bind, TransportSettings transport, int tickHz, RoomSettings rooms,
            byte[] ticketSecret, RoomLimits limits, long authDeadlineMs) {
        this(bind, transport, tickHz, rooms, ticketSecret, limits, authDeadlineMs, 0);
    }

    /** With the default per-session limits ({@link RoomLimits#defaults()}); sessions not resumable. */
    public RoomServerConfig(InetSocketAddress bind, TransportSettings transport, int tickHz, RoomSettings rooms,
            byte[] ticketSecret) {
        this(bind, transport, tickHz, rooms, ticketSecret, RoomLimits.defaults(), DEFAULT_AUTH_DEADLINE_MS, 0);
    }

    public RoomServerConfig withLimits(RoomLimits newLimits) {
        return new RoomServerConfig(bind, transport, tickHz, rooms, ticketSecret, newLimits, authDeadlineMs, resumeGraceMs);
    }

    public RoomServerConfig withAuthDeadlineMs(long deadlineMs) {
        return new RoomServerConfig(bind, transport, tickHz, rooms, ticketSecret, limits, deadlineMs, resumeGraceMs);
    }

    /** Sessions kept {@code graceMs} after their connection drops, for their client to resume; 0 turns resumption off. */
    public RoomServerConfig withResumeGraceMs(long graceMs) {
        return new RoomServerConfig(bind, transport, tickHz, rooms, ticketSecret, limits, authDeadlineMs, graceMs);
    }
}

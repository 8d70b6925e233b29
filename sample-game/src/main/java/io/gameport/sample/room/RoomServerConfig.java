package io.gameport.sample.room;

import io.gameport.net.TransportSettings;
import java.net.InetSocketAddress;

/**
 * Where the room server listens, its tick rate, room rules, the ticket secret shared with the
 * login server, the per-session message limits, and how long a connection may take to enter.
 */
public record RoomServerConfig(InetSocketAddress bind, TransportSettings transport, int tickHz, RoomSettings rooms,
        byte[] ticketSecret, RoomLimits limits, long authDeadlineMs) {

    public static final int DEFAULT_TICK_HZ = 20;
    /** A connection that has not entered within this long is closed (AUTH_TIMEOUT): a client enters at once. */
    public static final long DEFAULT_AUTH_DEADLINE_MS = 10_000;

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
    }

    /** With the default per-session limits ({@link RoomLimits#defaults()}). */
    public RoomServerConfig(InetSocketAddress bind, TransportSettings transport, int tickHz, RoomSettings rooms,
            byte[] ticketSecret) {
        this(bind, transport, tickHz, rooms, ticketSecret, RoomLimits.defaults(), DEFAULT_AUTH_DEADLINE_MS);
    }

    public RoomServerConfig withLimits(RoomLimits newLimits) {
        return new RoomServerConfig(bind, transport, tickHz, rooms, ticketSecret, newLimits, authDeadlineMs);
    }

    public RoomServerConfig withAuthDeadlineMs(long deadlineMs) {
        return new RoomServerConfig(bind, transport, tickHz, rooms, ticketSecret, limits, deadlineMs);
    }
}

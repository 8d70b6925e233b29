package io.gameport.sample.room;

import io.gameport.net.TransportConfig;
import java.net.InetSocketAddress;

/**
 * Where the room server listens, its tick rate, room rules, the ticket secret shared with the
 * login server, and the per-session message limits.
 */
public record RoomServerConfig(InetSocketAddress bind, TransportConfig transport, int tickHz, RoomSettings rooms,
        byte[] ticketSecret, RoomLimits limits) {

    public static final int DEFAULT_TICK_HZ = 20;

    public RoomServerConfig {
        if (tickHz < 1 || tickHz > 1000) {
            throw new IllegalArgumentException("tick rate must be in 1..1000 Hz, was " + tickHz);
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must be set");
        }
    }

    /** With the default per-session limits ({@link RoomLimits#defaults()}). */
    public RoomServerConfig(InetSocketAddress bind, TransportConfig transport, int tickHz, RoomSettings rooms,
            byte[] ticketSecret) {
        this(bind, transport, tickHz, rooms, ticketSecret, RoomLimits.defaults());
    }

    public RoomServerConfig withLimits(RoomLimits newLimits) {
        return new RoomServerConfig(bind, transport, tickHz, rooms, ticketSecret, newLimits);
    }
}

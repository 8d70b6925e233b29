package io.gameport.sample.room;

import io.gameport.net.TransportConfig;
import java.net.InetSocketAddress;

/** Where the room server listens, its tick rate, room rules and the ticket secret shared with the login server. */
public record RoomServerConfig(InetSocketAddress bind, TransportConfig transport, int tickHz, RoomSettings rooms,
        byte[] ticketSecret) {

    public static final int DEFAULT_TICK_HZ = 20;

    public RoomServerConfig {
        if (tickHz < 1 || tickHz > 1000) {
            throw new IllegalArgumentException("tick rate must be in 1..1000 Hz, was " + tickHz);
        }
    }
}

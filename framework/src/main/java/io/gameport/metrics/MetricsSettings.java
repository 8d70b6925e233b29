package io.gameport.metrics;

import io.micrometer.core.instrument.Tags;
import java.util.Objects;

/**
 * How a server's meters are named apart: every meter carries the tag {@code server=<server>}, so
 * servers sharing one registry (a login and a room server in one process) keep their own series.
 *
 * @param server a short, fixed name for the kind of server (login, room, echo); never an address or id
 */
public record MetricsSettings(String server) {

    public static final String DEFAULT_SERVER = "game";

    public MetricsSettings {
        Objects.requireNonNull(server, "server");
        if (server.isBlank()) {
            throw new IllegalArgumentException("MetricsSettings.server must not be blank");
        }
    }

    public static MetricsSettings defaults() {
        return new MetricsSettings(DEFAULT_SERVER);
    }

    public MetricsSettings withServer(String name) {
        return new MetricsSettings(name);
    }

    /** The tags every meter of the server carries: {@code server=<server>}. */
    public Tags tags() {
        return Tags.of("server", server);
    }
}

package io.gameport.sample.room;

import io.gameport.sample.directory.RoomDirectory;
import io.gameport.sample.directory.ServerRegistration;

/**
 * How a room server takes part in a room directory: the directory (Redis, or in-process when the
 * login server runs in the same JVM), the server's id (stable across restarts: a restart under the
 * same id drops the old run's rooms), the address players are sent to ({@code publicPort} 0: the
 * port the server bound) and how many players it seats.
 */
public record RoomDirectoryLink(RoomDirectory directory, String serverId, String publicHost, int publicPort,
        int capacity) {

    public static final int DEFAULT_CAPACITY = 5_000;

    public RoomDirectoryLink {
        if (directory == null) {
            throw new IllegalArgumentException("directory must be set");
        }
        if (publicPort < 0 || publicPort > 65_535) {
            throw new IllegalArgumentException("public port must be 0..65535, was " + publicPort);
        }
        // Checks id, host and capacity as the directory will, before anything starts.
        new ServerRegistration(serverId, publicHost, publicPort == 0 ? 1 : publicPort, capacity);
    }

    ServerRegistration registration(int boundPort) {
        return new ServerRegistration(serverId, publicHost, publicPort == 0 ? boundPort : publicPort, capacity);
    }
}

package io.gameport.sample;

import io.gameport.sample.directory.DirectorySettings;
import io.gameport.sample.directory.RedisRoomDirectory;
import io.gameport.sample.directory.RoomDirectory;
import picocli.CommandLine.Option;

/**
 * {@code --redis URL}: the room directory that login and room servers in separate processes share.
 * Without it each command keeps its one-machine behaviour (a login server sends every player to
 * its {@code --room-server}; a room server admits any valid ticket; {@code soak} and {@code demo}
 * share an in-process directory between the servers they start).
 */
public final class DirectoryOptions {

    @Option(names = "--redis", paramLabel = "URL",
            description = "Room directory on this Redis (redis://HOST:PORT[/DB]), shared by the login and room servers."
                    + " Default: none (one room server, or an in-process directory in soak and demo).")
    public String redis;

    public boolean requested() {
        return redis != null;
    }

    /** The Redis directory asked for (connects lazily: Redis down answers UNAVAILABLE, it does not fail here). */
    public RoomDirectory open(String command) {
        try {
            return new RedisRoomDirectory(redis, DirectorySettings.DEFAULTS);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": --redis " + redis + ": " + e.getMessage());
        }
    }
}

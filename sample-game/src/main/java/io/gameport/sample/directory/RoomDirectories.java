package io.gameport.sample.directory;

/** Picks the directory a command asked for: Redis when given a URL, else the in-process one. */
public final class RoomDirectories {

    private RoomDirectories() {
    }

    /** {@code redisUrl} null or blank: an {@link InProcessRoomDirectory} (one process, nothing installed). */
    public static RoomDirectory open(String redisUrl, DirectorySettings settings) {
        if (redisUrl == null || redisUrl.isBlank()) {
            return new InProcessRoomDirectory(settings, java.time.Clock.systemUTC());
        }
        return new RedisRoomDirectory(redisUrl, settings);
    }
}

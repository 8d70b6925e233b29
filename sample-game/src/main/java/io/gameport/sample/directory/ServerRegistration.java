package io.gameport.sample.directory;

import java.util.regex.Pattern;

/**
 * What a room server tells the directory about itself when it registers: its id (stable across
 * restarts, e.g. {@code room-1}), the address players connect to, and how many players it seats.
 */
public record ServerRegistration(String serverId, String publicHost, int publicPort, int capacity) {

    /** Ids are used in store keys and log lines: letters, digits, {@code _ . -}, 1 to 64 of them. */
    private static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public ServerRegistration {
        requireServerId(serverId);
        if (publicHost == null || publicHost.isBlank() || publicHost.length() > 255) {
            throw new IllegalArgumentException("public host must be 1 to 255 characters, was " + publicHost);
        }
        if (publicPort < 1 || publicPort > 65_535) {
            throw new IllegalArgumentException("public port must be 1 to 65535, was " + publicPort);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 player, was " + capacity);
        }
    }

    static void requireServerId(String serverId) {
        if (serverId == null || !SERVER_ID.matcher(serverId).matches()) {
            throw new IllegalArgumentException(
                    "server id must be 1 to 64 of A-Z a-z 0-9 _ . -, was " + serverId);
        }
    }
}

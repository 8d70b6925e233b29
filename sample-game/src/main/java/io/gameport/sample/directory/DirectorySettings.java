package io.gameport.sample.directory;

/**
 * The directory's times, the same for both implementations.
 *
 * @param serverTtlMs       a registration lapses this long after its last renewal: a dead server
 *                          stops being chosen within it. Renew every {@link #renewIntervalMs()}.
 * @param reservationTtlMs  an unclaimed seat reservation is released this long after it was made;
 *                          covers the player's trip from the login server to the room server
 * @param callTimeoutMs     the longest a call waits for the store (Redis: connecting, a pooled
 *                          connection, a reply); past it the call answers {@link DirectoryError#UNAVAILABLE}
 * @param keyPrefix         the Redis implementation's key namespace (several games or test runs can
 *                          share one Redis); letters, digits, {@code _ . : -}
 */
public record DirectorySettings(long serverTtlMs, long reservationTtlMs, long callTimeoutMs, String keyPrefix) {

    public static final DirectorySettings DEFAULTS = new DirectorySettings(5_000, 15_000, 500, "gameport");

    public DirectorySettings {
        if (serverTtlMs < 30 || reservationTtlMs < 10 || callTimeoutMs < 1) {
            throw new IllegalArgumentException("directory times too short: server TTL " + serverTtlMs
                    + " ms (>= 30), reservation TTL " + reservationTtlMs + " ms (>= 10), call timeout "
                    + callTimeoutMs + " ms (>= 1)");
        }
        if (keyPrefix == null || !keyPrefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("key prefix must be 1 to 64 of A-Z a-z 0-9 _ . : -, was " + keyPrefix);
        }
    }

    /** A third of the TTL: two renewals can be lost before a live server lapses. */
    public long renewIntervalMs() {
        return serverTtlMs / 3;
    }

    public DirectorySettings withServerTtlMs(long ms) {
        return new DirectorySettings(ms, reservationTtlMs, callTimeoutMs, keyPrefix);
    }

    public DirectorySettings withReservationTtlMs(long ms) {
        return new DirectorySettings(serverTtlMs, ms, callTimeoutMs, keyPrefix);
    }

    public DirectorySettings withCallTimeoutMs(long ms) {
        return new DirectorySettings(serverTtlMs, reservationTtlMs, ms, keyPrefix);
    }

    public DirectorySettings withKeyPrefix(String prefix) {
        return new DirectorySettings(serverTtlMs, reservationTtlMs, callTimeoutMs, prefix);
    }
}

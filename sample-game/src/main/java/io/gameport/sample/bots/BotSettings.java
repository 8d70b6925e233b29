package io.gameport.sample.bots;

import java.net.InetSocketAddress;

/**
 * How a fleet of bots behaves.
 *
 * @param login         the login server
 * @param namePrefix    bots are named prefix + index and register themselves if new
 * @param roomSize      capacity of the rooms bots create (they fill existing rooms first)
 * @param moveEveryMs   interval between movement inputs (the tick period by default)
 * @param chatEveryMs   mean interval between chat lines per bot
 * @param maxConnectAttempts connect attempts (with exponential backoff) before giving up
 */
public record BotSettings(InetSocketAddress login, String namePrefix, String password, int roomSize, int moveEveryMs,
        int chatEveryMs, int maxConnectAttempts) {

    public BotSettings {
        if (roomSize < 1 || moveEveryMs < 1 || chatEveryMs < 1 || maxConnectAttempts < 1) {
            throw new IllegalArgumentException("bot settings out of range");
        }
    }
}

package io.gameport.sample.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What the Redis directory does with its URL, without any Redis: needs nothing installed. */
class RedisRoomDirectoryUrlTest {

    @Test
    void refusesWhatIsNotARedisUrl() {
        for (String url : new String[] {null, "", "http://127.0.0.1:6379", "127.0.0.1:6379", "redis://"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RedisRoomDirectory(url, DirectorySettings.DEFAULTS).close(), "url " + url);
            assertTrue(e.getMessage().contains("redis://host:port"), e.getMessage());
        }
    }

    @Test
    void aRedisThatIsNotThereMakesCallsUnavailableNotTheConstructorFail() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (RedisRoomDirectory directory = new RedisRoomDirectory("redis://127.0.0.1:" + port,
                DirectorySettings.DEFAULTS.withCallTimeoutMs(300))) {
            assertEquals(DirectoryError.UNAVAILABLE, directory.reserveNewRoom(1).error());
            assertEquals(DirectoryError.UNAVAILABLE,
                    directory.register(new ServerRegistration("room-1", "127.0.0.1", 7200, 1)).error());
            assertEquals(2, directory.unavailable());
        }
    }
}

package io.gameport.sample.directory;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * The directory contract on Redis ({@value TestRedis#URL_ENV}); each directory gets a key prefix
 * of its own, so tests share the Redis without seeing each other. Time passes for real here:
 * the TTLs are short, and long enough that a loaded machine does not lapse a server between two
 * calls that expect it alive.
 */
class RedisRoomDirectoryTest extends RoomDirectoryContract {

    private String url;

    @BeforeEach
    void redis() {
        url = TestRedis.urlOrSkip();
    }

    @Override
    protected long serverTtlMs() {
        return 4_000;
    }

    @Override
    protected long reservationTtlMs() {
        return 3_000;
    }

    @Override
    protected RoomDirectory newDirectory(DirectorySettings settings) {
        return new RedisRoomDirectory(url, settings.withKeyPrefix("test-" + UUID.randomUUID()));
    }

    @Override
    protected void passTime(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }
}

package io.gameport.sample.directory;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the directory tests use: {@value #URL_ENV} (set by {@code .ci/run}, or by hand:
 * {@code export GAMEPORT_TEST_REDIS_URL=$(bash .ci/redis start /tmp/gameport-redis)}). Without it
 * those tests are skipped with a message saying so, unless {@value #REQUIRED_ENV} is {@code true}
 * (as in CI), where its absence fails them.
 */
final class TestRedis {

    static final String URL_ENV = "GAMEPORT_TEST_REDIS_URL";
    static final String REQUIRED_ENV = "GAMEPORT_TEST_REDIS_REQUIRED";

    private TestRedis() {
    }

    /** The URL, or the test skipped (or failed, when required) with a message saying why. */
    static String urlOrSkip() {
        String url = System.getenv(URL_ENV);
        if (url == null || url.isBlank()) {
            unavailable(URL_ENV + " is not set: the Redis directory tests need a Redis (bash .ci/redis start DIR prints its URL)");
        }
        return url;
    }

    /** Skips the test with {@code message}, or fails it when Redis is required here. */
    static void unavailable(String message) {
        if (Boolean.parseBoolean(System.getenv(REQUIRED_ENV))) {
            fail(message + ", and " + REQUIRED_ENV + " is true: the Redis runs may not be skipped here");
        }
        Assumptions.abort(message);
    }
}

package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static int taken(long[] state, long now, RateLimit limit, int attempts) {
        int taken = 0;
        for (int i = 0; i < attempts; i++) {
            if (TokenBucket.tryTake(state, 0, now, limit.nanosPerPermit(), limit.capacityNanos())) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void aFullBucketGivesItsBurstThenOnePermitPerRefillInterval() {
        RateLimit limit = new RateLimit(4, Duration.ofSeconds(1), OverLimit.DROP);
        long start = 123_456_789L;
        long[] state = {start};
        assertEquals(4, taken(state, start, limit, 100));
        assertEquals(0, taken(state, start + 249_999_999L, limit, 10), "a quarter second less a nanosecond: nothing refilled");
        assertEquals(1, taken(state, start + 250_000_000L, limit, 10));
        assertEquals(4, taken(state, start + 10_000_000_000L, limit, 100), "a long pause refills to the burst, never more");
    }

    @Test
    void worksAcrossTheNanoTimeWrap() {
        RateLimit limit = new RateLimit(2, Duration.ofMillis(10), OverLimit.DROP);
        long start = Long.MAX_VALUE - 3_000_000L;
        long[] state = {start};
        assertEquals(2, taken(state, start, limit, 5));
        long afterWrap = start + 10_000_000L;
        assertTrue(afterWrap < 0, "the clock wrapped");
        assertEquals(2, taken(state, afterWrap, limit, 5));
    }

    @Test
    void aRefusedTakeLeavesTheStateUnchanged() {
        long[] state = {0};
        assertTrue(TokenBucket.tryTake(state, 0, 0, 1_000, 1_000));
        long before = state[0];
        assertFalse(TokenBucket.tryTake(state, 0, 0, 1_000, 1_000));
        assertEquals(before, state[0]);
    }
}

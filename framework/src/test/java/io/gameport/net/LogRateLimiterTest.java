package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogRateLimiterTest {

    @Test
    void letsAFewLinesASecondThroughAndReportsHowManyWereSuppressed() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        LogRateLimiter limiter = new LogRateLimiter(3, now::get);
        int admitted = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.admit() >= 0) {
                admitted++;
            }
        }
        assertEquals(3, admitted, "three lines in the first second, whatever the flood");
        assertEquals(997, limiter.suppressedTotal());

        now.addAndGet(1_000_000_000L);
        assertEquals(997, limiter.admit(), "the first line of the next second carries the suppressed count");
        assertEquals(0, limiter.admit());
        assertEquals(0, limiter.admit());
        assertEquals(-1, limiter.admit());
    }
}

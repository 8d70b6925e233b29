package io.gameport.sample.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(100, 1_000);

    @Test
    void doublesWithEachRefusalInARowUpToTheMaximum() {
        assertEquals(100, backoff.delayMs(1, 0, 0));
        assertEquals(200, backoff.delayMs(2, 0, 0));
        assertEquals(400, backoff.delayMs(3, 0, 0));
        assertEquals(800, backoff.delayMs(4, 0, 0));
        assertEquals(1_000, backoff.delayMs(5, 0, 0));
        assertEquals(1_000, backoff.delayMs(64, 0, 0));
    }

    @Test
    void neverWaitsLessThanTheServerAsked() {
        assertEquals(250, backoff.delayMs(1, 250, 0));
        assertEquals(5_000, backoff.delayMs(9, 5_000, 0), "the server's ask beats the maximum");
    }

    @Test
    void jitterAddsUpToAsMuchAgainSoACrowdSpreadsOut() {
        assertEquals(150, backoff.delayMs(1, 0, 0.5));
        assertEquals(199, backoff.delayMs(1, 0, 0.999));
        assertEquals(375, backoff.delayMs(1, 250, 0.5));
    }

    @Test
    void refusesABadRange() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5));
    }
}

package io.gameport.sample.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReconnectPacerTest {

    private final ReconnectPacer pacer = new ReconnectPacer(new Backoff(100, 1_000));

    @Test
    void eachDropInARowWaitsLongerUpToTheMaximum() {
        assertEquals(100, pacer.afterDropMs(0));
        assertEquals(200, pacer.afterDropMs(0));
        assertEquals(400, pacer.afterDropMs(0));
        assertEquals(800, pacer.afterDropMs(0));
        assertEquals(1_000, pacer.afterDropMs(0));
        assertEquals(1_000, pacer.afterDropMs(0));
    }

    @Test
    void aDropAfterTheBotGotWhereItWasGoingWaitsTheShortestAgain() {
        pacer.afterDropMs(0);
        pacer.afterDropMs(0);
        pacer.afterDropMs(0);
        pacer.reset();
        assertEquals(100, pacer.afterDropMs(0));
    }

    @Test
    void dropsAtTheSameMomentComeBackSpreadOut() {
        ReconnectPacer other = new ReconnectPacer(new Backoff(100, 1_000));
        assertEquals(100, pacer.afterDropMs(0.0));
        assertEquals(199, other.afterDropMs(0.999));
    }
}

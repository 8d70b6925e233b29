package io.gameport.sample.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AccountBackoffTest {

    private static final long MS = 1_000_000;
    private final AccountBackoff backoff = new AccountBackoff(AccountBackoff.Settings.defaults()
            .withFreeFailures(2).withBackoffMs(1_000, 4_000).withMaxNames(3));

    @Test
    void freeFailuresThenAWaitThatDoublesUpToTheMaximum() {
        backoff.failed("bob", 0);
        backoff.failed("bob", 0);
        assertEquals(0, backoff.retryAfterMs("bob", 0), "two failures are free");
        backoff.failed("bob", 0);
        assertEquals(1_000, backoff.retryAfterMs("bob", 0));
        assertEquals(0, backoff.retryAfterMs("bob", 1_000 * MS));
        backoff.failed("bob", 1_000 * MS);
        assertEquals(2_000, backoff.retryAfterMs("bob", 1_000 * MS));
        backoff.failed("bob", 3_000 * MS);
        assertEquals(4_000, backoff.retryAfterMs("bob", 3_000 * MS));
        backoff.failed("bob", 7_000 * MS);
        assertEquals(4_000, backoff.retryAfterMs("bob", 7_000 * MS), "capped");
        assertEquals(0, backoff.retryAfterMs("alice", 7_000 * MS), "other names are not affected");
        assertEquals(4, backoff.refused());
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < 3; i++) {
            backoff.failed("bob", 0);
        }
        backoff.succeeded("bob");
        assertEquals(0, backoff.retryAfterMs("bob", 0));
        backoff.failed("bob", 0);
        assertEquals(0, backoff.retryAfterMs("bob", 0), "counting starts again");
    }

    @Test
    void theTableIsBoundedAndForgetsNamesWhoseWaitEndedLongAgo() {
        backoff.failed("a", 0);
        backoff.failed("b", 0);
        backoff.failed("c", 0);
        backoff.failed("d", 0);
        assertEquals(3, backoff.trackedNames());
        assertEquals(1, backoff.untracked());
        backoff.failed("e", 5_000 * MS);
        assertEquals(1, backoff.trackedNames(), "entries idle for the maximum back-off were dropped for the new one");
        assertEquals(1, backoff.untracked());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> AccountBackoff.Settings.defaults().withFreeFailures(-1));
        assertThrows(IllegalArgumentException.class, () -> AccountBackoff.Settings.defaults().withBackoffMs(0, 10));
        assertThrows(IllegalArgumentException.class, () -> AccountBackoff.Settings.defaults().withBackoffMs(10, 5));
        assertThrows(IllegalArgumentException.class, () -> AccountBackoff.Settings.defaults().withMaxNames(0));
    }
}

package io.gameport.sample.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
    void aNameIsForgottenTheLongestWaitAfterItsOwnWaitEnds() {
        for (int i = 0; i < 3; i++) {
            backoff.failed("bob", 0);
        }
        assertEquals(1_000, backoff.retryAfterMs("bob", 0));
        // Waiting until 1 s, remembered until 1 s + the longest wait (4 s): a failure before then doubles the wait.
        backoff.failed("bob", 4_900 * MS);
        assertEquals(2_000, backoff.retryAfterMs("bob", 4_900 * MS));
        // Waiting until 6.9 s, remembered until 10.9 s: after that the count starts again.
        backoff.failed("bob", 11_000 * MS);
        assertEquals(0, backoff.retryAfterMs("bob", 11_000 * MS), "one failure after being forgotten is free");
        backoff.failed("carol", 12_000 * MS);
        backoff.failed("carol", 15_999 * MS);
        assertEquals(0, backoff.retryAfterMs("carol", 15_999 * MS), "two free failures");
        backoff.failed("carol", 19_998 * MS);
        assertEquals(1_000, backoff.retryAfterMs("carol", 19_998 * MS), "free failures count while each comes within the longest wait");
    }

    @Test
    void aSprayOfNewNamesCannotFlushTheWaitOfTheNameUnderAttack() {
        for (int i = 0; i < 3; i++) {
            backoff.failed("bob", 0);
        }
        for (int i = 0; i < 100; i++) {
            backoff.failed("made-up-" + i, 500 * MS);
        }
        assertEquals(500, backoff.retryAfterMs("bob", 500 * MS), "bob still waits");
        assertEquals(98, backoff.untracked());
        assertEquals(3, backoff.trackedNames());
    }

    /**
     * The defect this guards: while the table was full, every failure on a new name scanned all
     * of it (a million failures against 100,000 remembered names: 10^11 entry visits, hours).
     * Expiry by Caffeine's timer wheel makes each failure constant work; the timeout is a hang
     * guard orders of magnitude above the run's length, not a measurement.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFullTableCostsAFailureNoScanOfTheNamesItRemembers() {
        int remembered = 100_000;
        AccountBackoff full = new AccountBackoff(AccountBackoff.Settings.defaults().withMaxNames(remembered));
        long now = 1_000 * MS;
        for (int i = 0; i < remembered; i++) {
            full.failed("name-" + i, now);
        }
        assertEquals(remembered, full.trackedNames());
        int spray = 1_000_000;
        for (int i = 0; i < spray; i++) {
            full.failed("spray-" + i, now + i);
        }
        assertEquals(spray, full.untracked());
        assertEquals(remembered, full.trackedNames());
        // Once the remembered names' time is up (the longest wait after their last failure), new ones are tracked again.
        full.failed("late", now + 61_000 * MS);
        assertEquals(1, full.trackedNames());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> AccountBackoff.Settings.defaults().withFreeFailures(-1));
        assertThrows(IllegalArgumentException.class, () -> AccountBackoff.Settings.defaults().withBackoffMs(0, 10));
        assertThrows(IllegalArgumentException.class, () -> AccountBackoff.Settings.defaults().withBackoffMs(10, 5));
        assertThrows(IllegalArgumentException.class, () -> AccountBackoff.Settings.defaults().withMaxNames(0));
    }
}

package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gameport.testing.RecordingExit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuardedTimerTest {

    @Test
    void anErrorInAScheduledTaskStopsTheProcessNamingTheTimerThread() throws Exception {
        GuardedTimer timer = new GuardedTimer("test-timer");
        try (RecordingExit exit = new RecordingExit()) {
            timer.schedule(() -> {
                throw new AssertionError("an internal assertion failed");
            }, 1, TimeUnit.MILLISECONDS);
            assertEquals(FatalErrors.EXIT_STATUS, exit.awaitStatus());
            assertEquals("test-timer", exit.thread());
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aRuntimeExceptionInAScheduledTaskIsLoggedAndTheTimerGoesOn() throws Exception {
        GuardedTimer timer = new GuardedTimer("test-timer");
        try (RecordingExit exit = new RecordingExit()) {
            timer.schedule(() -> {
                throw new IllegalStateException("a bug in one task");
            }, 1, TimeUnit.MILLISECONDS);
            CountDownLatch next = new CountDownLatch(1);
            timer.schedule(next::countDown, 2, TimeUnit.MILLISECONDS);
            next.await();
            assertFalse(exit.exited());
        } finally {
            timer.shutdownNow();
        }
    }
}

package io.gameport.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CachedHealthCheckTest {

    @Test
    void aFailingProbeGivesItsMessageAsTheReasonAndAPassingOneNone() {
        AtomicBoolean up = new AtomicBoolean(true);
        try (CachedHealthCheck check = new CachedHealthCheck("account database", () -> {
            if (!up.get()) {
                throw new SQLException("Connection refused\n  at the driver");
            }
        }, Duration.ZERO, Duration.ofSeconds(10))) {
            assertNull(check.failure());
            up.set(false);
            assertEquals("account database unreachable: Connection refused at the driver", check.failure());
            assertEquals(1, check.failures());
            up.set(true);
            assertNull(check.failure(), "ready again when the dependency returns");
        }
    }

    @Test
    void anAnswerIsReusedUntilItIsOlderThanMaxAge() {
        AtomicInteger probes = new AtomicInteger();
        try (CachedHealthCheck cached = new CachedHealthCheck("db", probes::incrementAndGet, Duration.ofHours(1), Duration.ofSeconds(10));
             CachedHealthCheck fresh = new CachedHealthCheck("db", probes::incrementAndGet, Duration.ZERO, Duration.ofSeconds(10))) {
            for (int i = 0; i < 5; i++) {
                assertNull(cached.failure());
            }
            assertEquals(1, probes.get(), "one probe an hour");
            for (int i = 0; i < 5; i++) {
                assertNull(fresh.failure());
            }
            assertEquals(6, probes.get(), "a probe per call at maxAge zero");
        }
    }

    @Test
    void aProbeThatDoesNotAnswerInTimeIsNotReadyAndItsLateAnswerIsUsedNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        try (CachedHealthCheck check = new CachedHealthCheck("account database", () -> {
            probes.incrementAndGet();
            release.await();
        }, Duration.ofHours(1), Duration.ofMillis(50))) {
            assertEquals("account database did not answer within 50 ms", check.failure());
            assertEquals("account database did not answer within 50 ms", check.failure(), "still the same probe");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String failure;
            do {
                failure = check.failure();
            } while (failure != null && System.nanoTime() - deadline < 0);
            assertNull(failure);
            assertEquals(1, probes.get(), "one probe at a time: callers share the one under way");
        }
    }

    @Test
    void aClosedCheckIsNotReady() {
        CachedHealthCheck check = new CachedHealthCheck("db", () -> { }, Duration.ZERO, Duration.ofSeconds(1));
        check.close();
        assertTrue(check.failure().contains("stopped"));
    }
}

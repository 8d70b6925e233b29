package io.gameport.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;

/**
 * What {@code /health/live} and {@code /health/ready} ask: named checks, each answering null when
 * healthy or why not ({@link HealthCheck}). Live: the process's threads are running (with no check,
 * answering at all is live). Ready: the server takes new players (listening, its dependencies
 * reachable, not draining). Thread-safe; checks are called on the HTTP thread and must be quick and
 * take no lock an I/O thread holds.
 */
public final class HealthChecks {

    /** The reason given for a failing yes/no check, which cannot say more. */
    static final String FAILED = "failed";

    private final Map<String, HealthCheck> live = new ConcurrentSkipListMap<>();
    private final Map<String, HealthCheck> ready = new ConcurrentSkipListMap<>();

    /** A failing check: its name and why it fails. */
    public record Failure(String check, String reason) {
    }

    public HealthChecks live(String name, BooleanSupplier check) {
        return live(name, yesNo(check));
    }

    public HealthChecks live(String name, HealthCheck check) {
        live.put(name, check);
        return this;
    }

    public HealthChecks ready(String name, BooleanSupplier check) {
        return ready(name, yesNo(check));
    }

    public HealthChecks ready(String name, HealthCheck check) {
        ready.put(name, check);
        return this;
    }

    /** The live checks that fail now, in name order; empty when live. */
    public List<Failure> failingLive() {
        return failing(live);
    }

    /** The readiness checks that fail now, in name order; empty when ready. */
    public List<Failure> failingReady() {
        return failing(ready);
    }

    private static HealthCheck yesNo(BooleanSupplier check) {
        return () -> check.getAsBoolean() ? null : FAILED;
    }

    private static List<Failure> failing(Map<String, HealthCheck> checks) {
        List<Failure> failures = new ArrayList<>();
        checks.forEach((name, check) -> {
            String reason;
            try {
                reason = check.failure();
            } catch (RuntimeException e) {
                // A check that throws is failing, not a reason to answer the probe with a 500.
                reason = "check threw " + e;
            }
            if (reason != null) {
                failures.add(new Failure(name, reason));
            }
        });
        return failures;
    }
}

package io.gameport.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;

/**
 * What {@code /health/live} and {@code /health/ready} ask: named checks, each true when healthy.
 * Live: the process's threads are running (with no check, answering at all is live). Ready: the
 * server takes new players (listening, its dependencies reachable, not draining). Thread-safe;
 * checks are called on the HTTP thread and must be quick and take no lock an I/O thread holds.
 */
public final class HealthChecks {

    private final Map<String, BooleanSupplier> live = new ConcurrentSkipListMap<>();
    private final Map<String, BooleanSupplier> ready = new ConcurrentSkipListMap<>();

    public HealthChecks live(String name, BooleanSupplier check) {
        live.put(name, check);
        return this;
    }

    public HealthChecks ready(String name, BooleanSupplier check) {
        ready.put(name, check);
        return this;
    }

    /** The live checks that fail now, by name; empty when live. */
    public List<String> failingLive() {
        return failing(live);
    }

    /** The readiness checks that fail now, by name; empty when ready. */
    public List<String> failingReady() {
        return failing(ready);
    }

    private static List<String> failing(Map<String, BooleanSupplier> checks) {
        List<String> names = new ArrayList<>();
        checks.forEach((name, check) -> {
            if (!check.getAsBoolean()) {
                names.add(name);
            }
        });
        return names;
    }
}

package io.gameport.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Meters registered for one server, each reading a counter the framework already keeps (nothing
 * is counted twice), all tagged with the server's tags; {@link #close} removes them from the
 * registry, so a stopped server leaves no series behind and holds nothing through the registry.
 * A game's own meters for events nothing else counts ({@link #counter(String, String, Tags)},
 * {@link #timer}) go in a set of the same kind. Thread-safe: a meter can be added while a scrape
 * runs (an error code seen for the first time).
 */
public final class MeterSet implements AutoCloseable {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    /** Micrometer holds a function counter's source weakly: the set keeps it alive while its meter is registered. */
    private final List<Object> sources = new ArrayList<>();
    private boolean closed;

    public MeterSet(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    /** A monotonic count read from {@code source}; {@code baseUnit} null for a plain count. */
    public <T> void counter(String name, String description, String baseUnit, T source, ToDoubleFunction<T> read,
                            Tags extra) {
        checkUnclaimed(name, extra);
        add(FunctionCounter.builder(name, source, read).description(description).baseUnit(baseUnit)
                .tags(tags).tags(extra).register(registry), source);
    }

    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> read, Tags extra) {
        counter(name, description, null, source, read, extra);
    }

    /**
     * As {@link #counter}, for a meter added while the server runs (an error code seen for the
     * first time) that may be reported twice: the second time it is there already and kept.
     */
    public <T> void counterIfAbsent(String name, String description, T source, ToDoubleFunction<T> read, Tags extra) {
        if (registry.find(name).tags(tags).tags(extra).meter() == null) {
            add(FunctionCounter.builder(name, source, read).description(description)
                    .tags(tags).tags(extra).register(registry), source);
        }
    }

    /** A counter the caller increments, for events nothing else counts; keep it and increment it (no look-up by name). */
    public Counter counter(String name, String description, Tags extra) {
        checkUnclaimed(name, extra);
        Counter counter = Counter.builder(name).description(description).tags(tags).tags(extra).register(registry);
        add(counter, counter);
        return counter;
    }

    /**
     * A timer the caller records into, publishing a histogram with exactly these bucket bounds
     * (Prometheus {@code _bucket{le}} series, from which {@code histogram_quantile} computes
     * percentiles); recording costs lock-free adders and a bucket search, no allocation.
     */
    public Timer timer(String name, String description, Tags extra, Duration... buckets) {
        checkUnclaimed(name, extra);
        Timer timer = Timer.builder(name).description(description).tags(tags).tags(extra)
                .serviceLevelObjectives(buckets).register(registry);
        add(timer, timer);
        return timer;
    }

    /** A value that goes up and down, read from {@code source}. */
    public <T> void gauge(String name, String description, String baseUnit, T source, ToDoubleFunction<T> read,
                          Tags extra) {
        checkUnclaimed(name, extra);
        add(Gauge.builder(name, source, read).description(description).baseUnit(baseUnit)
                .tags(tags).tags(extra).register(registry), source);
    }

    /**
     * Micrometer hands back the meter already registered under the same name and tags, which would
     * read the other server's counters without a word: a second server of the same name in one
     * registry is refused instead.
     */
    private void checkUnclaimed(String name, Tags extra) {
        if (registry.find(name).tags(tags).tags(extra).meters().stream()
                .anyMatch(m -> m.getId().getTags().size() == tags.and(extra).stream().count())) {
            throw new IllegalStateException("meter " + name + tags.and(extra) + " is registered already: two servers"
                    + " with the same MetricsSettings.server share this registry; give each its own name");
        }
    }

    private synchronized void add(Meter meter, Object source) {
        if (closed) {
            registry.remove(meter);
            return;
        }
        meters.add(meter);
        sources.add(source);
    }

    /** How many meters the set holds. */
    public synchronized int size() {
        return meters.size();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
        sources.clear();
    }
}

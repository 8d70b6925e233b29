package io.gameport.transport;

import io.gameport.log.PeerLogs;
import io.gameport.log.RateLimitedLog;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every classified native error by name and by outcome, and logs it with its name, so
 * that no error code is swallowed. The lines a peer provokes by ending its connection (end of
 * stream, reset, refused) are rate-limited (the {@link PeerLogs}' lines a second, then one line
 * with the count suppressed): a storm of resets must not write a line each, and
 * the counts stay exact. Thread-safe; the first occurrence of a code allocates its counter, later
 * ones only increment.
 */
public final class ErrorMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMetrics.class);

    private final ConcurrentHashMap<String, LongAdder> byName = new ConcurrentHashMap<>();
    private final LongAdder[] byOutcome = new LongAdder[Outcome.values().length];
    private volatile Consumer<String> codeWatcher;
    private final RateLimitedLog peerEnds;

    /** Counters whose peer-provoked lines go at {@link PeerLogs#defaults()}' rate. */
    public ErrorMetrics() {
        this(PeerLogs.defaults());
    }

    public ErrorMetrics(PeerLogs logs) {
        peerEnds = logs.log(ErrorMetrics.class, "connections ended by their peer");
        for (int i = 0; i < byOutcome.length; i++) {
            byOutcome[i] = new LongAdder();
        }
    }

    /**
     * Classifies, counts and logs one error.
     *
     * @param context what failed, e.g. {@code "receive on connection 12"}
     * @return the error's outcome
     */
    public Outcome record(ErrorSpace space, int code, String context) {
        Outcome outcome = ErrorClassifier.classify(space, code);
        String name = ErrorClassifier.name(space, code);
        LongAdder counter = byName.get(name);
        if (counter == null) {
            LongAdder created = new LongAdder();
            counter = byName.putIfAbsent(name, created);
            if (counter == null) {
                counter = created;
                Consumer<String> watcher = codeWatcher;
                if (watcher != null) {
                    watcher.accept(name);
                }
            }
        }
        counter.increment();
        byOutcome[outcome.ordinal()].increment();
        switch (outcome) {
            case ABORTED_BY_US:
            case WOULD_BLOCK:
                LOG.debug("{}: {} ({}) -> {}", context, name, code, outcome);
                break;
            case END_OF_STREAM:
            case PEER_RESET:
            case REFUSED:
                if (peerEnds.admit()) {
                    peerEnds.logger().info("{}: {} ({}) -> {}", context, name, code, outcome);
                }
                break;
            default:
                LOG.warn("{}: {} ({}) -> {}", context, name, code, outcome);
                break;
        }
        return outcome;
    }

    /**
     * Calls {@code watcher} with every code name recorded so far and then with each new one as it
     * is first recorded (on the recording thread), so a meter can be registered per code. A code
     * first recorded while this runs may be reported twice; the watcher must not mind. One watcher.
     */
    public synchronized void watchCodes(Consumer<String> watcher) {
        if (codeWatcher != null) {
            throw new IllegalStateException("ErrorMetrics already has a code watcher");
        }
        codeWatcher = watcher;
        byName.keySet().forEach(watcher);
    }

    /** Stops calling the watcher given to {@link #watchCodes}. */
    public synchronized void unwatchCodes() {
        codeWatcher = null;
    }

    /** How many times the named code was recorded, e.g. {@code count("ECONNRESET")}. */
    public long count(String name) {
        LongAdder adder = byName.get(name);
        return adder == null ? 0 : adder.sum();
    }

    public long count(Outcome outcome) {
        return byOutcome[outcome.ordinal()].sum();
    }

    /** A sorted copy of the counts by code name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        byName.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}

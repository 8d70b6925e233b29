package io.gameport.handler;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the inbound limits: frames over a limit by scope and policy, and sessions closed for
 * malformed frames. Thread-safe; shards increment, anyone reads. Nothing is counted for frames
 * within their limits.
 */
public final class LimitMetrics {

    private final LongAdder[] limited = new LongAdder[LimitScope.values().length * OverLimit.values().length];
    private final LongAdder malformedCloses = new LongAdder();

    public LimitMetrics() {
        for (int i = 0; i < limited.length; i++) {
            limited[i] = new LongAdder();
        }
    }

    /** Frames that found {@code scope}'s bucket empty and were treated with {@code policy}. */
    public long limited(LimitScope scope, OverLimit policy) {
        return limited[index(scope, policy)].sum();
    }

    /** Frames over any limit, every scope and policy. */
    public long limitedTotal() {
        long total = 0;
        for (LongAdder counter : limited) {
            total += counter.sum();
        }
        return total;
    }

    /** Sessions closed because they sent {@link HandlerSettings#maxMalformedFrames()} frames that did not decode. */
    public long malformedCloses() {
        return malformedCloses.sum();
    }

    void countLimited(LimitScope scope, OverLimit policy) {
        limited[index(scope, policy)].increment();
    }

    void countMalformedClose() {
        malformedCloses.increment();
    }

    private static int index(LimitScope scope, OverLimit policy) {
        return scope.ordinal() * OverLimit.values().length + policy.ordinal();
    }
}

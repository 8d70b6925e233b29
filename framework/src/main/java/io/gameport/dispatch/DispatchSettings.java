package io.gameport.dispatch;

import java.util.Objects;

/**
 * Settings of the dispatch stage. Immutable; validated on construction, so a bad value fails at
 * start-up with a message naming the setting.
 *
 * @param shards              shard threads; a session always runs on shard {@code sessionId mod shards}
 * @param ringSizePerShard    events in each shard's ring, a power of two; a full ring makes the
 *                            publishing I/O worker wait (back-pressure), so size it for bursts
 * @param waitStrategy        how an idle shard waits, see {@link WaitStrategyKind}
 * @param retainedEventBytes  frame bytes an event's buffer keeps between uses; a larger frame gets
 *                            a buffer of its own size that is dropped once handled, so big frames
 *                            do not pin memory in every slot of the ring
 */
public record DispatchSettings(int shards, int ringSizePerShard, WaitStrategyKind waitStrategy, int retainedEventBytes) {

    public static final int DEFAULT_RING_SIZE = 8192;
    public static final int DEFAULT_RETAINED_EVENT_BYTES = 1024;

    public DispatchSettings {
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("shards must be in 1..1024, was " + shards);
        }
        if (ringSizePerShard < 2 || Integer.bitCount(ringSizePerShard) != 1) {
            throw new IllegalArgumentException("ringSizePerShard must be a power of two >= 2, was " + ringSizePerShard);
        }
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        if (retainedEventBytes < 0) {
            throw new IllegalArgumentException("retainedEventBytes must be >= 0, was " + retainedEventBytes);
        }
    }

    /** One shard per core, 8192 events per ring, {@link WaitStrategyKind#SLEEPING}, 1 KiB kept per event. */
    public static DispatchSettings defaults() {
        return new DispatchSettings(Runtime.getRuntime().availableProcessors(), DEFAULT_RING_SIZE,
                WaitStrategyKind.SLEEPING, DEFAULT_RETAINED_EVENT_BYTES);
    }

    public DispatchSettings withShards(int value) {
        return new DispatchSettings(value, ringSizePerShard, waitStrategy, retainedEventBytes);
    }

    public DispatchSettings withRingSizePerShard(int value) {
        return new DispatchSettings(shards, value, waitStrategy, retainedEventBytes);
    }

    public DispatchSettings withWaitStrategy(WaitStrategyKind value) {
        return new DispatchSettings(shards, ringSizePerShard, value, retainedEventBytes);
    }
}

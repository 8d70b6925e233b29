package io.gameport.dispatch;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * Settings of the dispatch stage. Immutable; validated on construction, so a bad value fails at
 * start-up with a message naming the setting.
 *
 * <h2>Memory a shard's ring may hold</h2>
 * Each slot keeps a buffer of at most {@code retainedEventBytes}, so small frames cost at most
 * {@code ringSizePerShard × retainedEventBytes} per shard, allocated as the ring fills. A frame
 * larger than that gets a heap buffer of its own size while it waits, and those buffers are what
 * a peer could otherwise multiply: a ring of 8,192 slots full of 1 MiB frames is 8 GiB. They are
 * capped twice. Per session, {@code maxLargeFrameBytesPerSession}: a peer whose large frames
 * waiting for its shard would pass it is closed ({@code INBOUND_BUDGET_EXCEEDED}), so one
 * flooding client cannot take the shard's budget. Per shard, {@code maxLargeFrameBytesPerShard}:
 * when many sessions together would pass it, the publishing I/O worker waits for the shard, as
 * it does when the ring is full (back-pressure to the sockets).
 *
 * @param shards                       shard threads; a session always runs on shard {@code sessionId mod shards}
 * @param ringSizePerShard             events in each shard's ring, a power of two; a full ring makes the
 *                                     publishing I/O worker wait (back-pressure), so size it for bursts
 * @param waitStrategy                 how an idle shard waits, see {@link WaitStrategyKind}
 * @param retainedEventBytes           frame bytes an event's buffer keeps between uses; a larger frame gets
 *                                     a buffer of its own size that is dropped once handled
 * @param maxLargeFrameBytesPerSession bytes of larger frames one session may have waiting in its shard's
 *                                     ring; must be at least the transport's maximum frame size
 * @param maxLargeFrameBytesPerShard   bytes of larger frames all sessions of a shard may have waiting
 */
public record DispatchSettings(int shards, int ringSizePerShard, WaitStrategyKind waitStrategy, int retainedEventBytes,
                               long maxLargeFrameBytesPerSession, long maxLargeFrameBytesPerShard) {

    public static final int DEFAULT_RING_SIZE = 8192;
    public static final int DEFAULT_RETAINED_EVENT_BYTES = 1024;
    public static final long DEFAULT_MAX_LARGE_FRAME_BYTES_PER_SESSION = 4L << 20;
    public static final long DEFAULT_MAX_LARGE_FRAME_BYTES_PER_SHARD = 64L << 20;

    public DispatchSettings {
        Require.inRange("DispatchSettings.shards", shards, 1, 1024);
        Require.powerOfTwo("DispatchSettings.ringSizePerShard", ringSizePerShard, 2, 1 << 30);
        Require.set("DispatchSettings.waitStrategy", waitStrategy);
        Require.atLeast("DispatchSettings.retainedEventBytes", retainedEventBytes, 0);
        Require.atLeast("DispatchSettings.maxLargeFrameBytesPerSession", maxLargeFrameBytesPerSession, 1);
        // A shard that cannot hold one session's allowance would make that session's publisher wait forever.
        Require.atLeast("DispatchSettings.maxLargeFrameBytesPerShard", maxLargeFrameBytesPerShard,
                "maxLargeFrameBytesPerSession", maxLargeFrameBytesPerSession);
    }

    /**
     * One shard per core, 8192 events per ring, {@link WaitStrategyKind#SLEEPING_THEN_PARKING}, 1 KiB kept per
     * event, larger frames capped at 4 MiB waiting per session and 64 MiB per shard.
     */
    public static DispatchSettings defaults() {
        return new DispatchSettings(Runtime.getRuntime().availableProcessors(), DEFAULT_RING_SIZE,
                WaitStrategyKind.SLEEPING_THEN_PARKING, DEFAULT_RETAINED_EVENT_BYTES,
                DEFAULT_MAX_LARGE_FRAME_BYTES_PER_SESSION, DEFAULT_MAX_LARGE_FRAME_BYTES_PER_SHARD);
    }

    public DispatchSettings withShards(int value) {
        return Records.with(this, "shards", value);
    }

    public DispatchSettings withRingSizePerShard(int value) {
        return Records.with(this, "ringSizePerShard", value);
    }

    public DispatchSettings withWaitStrategy(WaitStrategyKind value) {
        return Records.with(this, "waitStrategy", value);
    }

    public DispatchSettings withRetainedEventBytes(int value) {
        return Records.with(this, "retainedEventBytes", value);
    }

    public DispatchSettings withMaxLargeFrameBytesPerSession(long value) {
        return Records.with(this, "maxLargeFrameBytesPerSession", value);
    }

    public DispatchSettings withMaxLargeFrameBytesPerShard(long value) {
        return Records.with(this, "maxLargeFrameBytesPerShard", value);
    }

    /** Both large-frame caps at once, for when raising one past the other's current value would fail validation. */
    public DispatchSettings withLargeFrameBudget(long perSession, long perShard) {
        return new DispatchSettings(shards, ringSizePerShard, waitStrategy, retainedEventBytes, perSession, perShard);
    }
}

package io.gameport.sample.room;

import io.gameport.metrics.MeterSet;
import io.gameport.metrics.MetricsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The room server's own meters, next to Gameport's in the server's registry and tagged with its
 * name: rooms and players as of the last tick, the loop's ticks, and how late and how long each
 * tick was. The counts are taken by the loop after each tick and published in plain volatile
 * fields, so a scrape never touches the world the loop owns; a tick's recording is two timer
 * updates (lock-free adders and a bucket search), nothing allocated. {@link #close} removes them.
 */
final class RoomMeters implements RoomLoop.TickRecorder, AutoCloseable {

    /**
     * Bucket bounds of both tick timers: at the default 20 Hz a tick has 50 ms; lateness is
     * expected well under 5 ms (the soak's target for p99), a tick's work under a millisecond.
     */
    static final Duration[] TICK_BUCKETS = {
        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250)};

    private final MeterSet meters;
    private final Timer tickLateness;
    private final Timer tickDuration;
    private volatile int rooms;
    private volatile int seated;
    private volatile int players;

    RoomMeters(MeterRegistry registry, MetricsSettings settings) {
        this.meters = new MeterSet(registry, settings.tags());
        Tags none = Tags.empty();
        try {
            meters.gauge("sample.rooms", "Rooms open, as of the last tick", null, this, m -> m.rooms, none);
            meters.gauge("sample.room.players.seated", "Players in a room, as of the last tick (over sample.rooms:"
                    + " players per room)", null, this, m -> m.seated, none);
            meters.gauge("sample.room.players", "Players the server holds, connected or within their reconnect grace,"
                    + " as of the last tick", null, this, m -> m.players, none);
            tickLateness = meters.timer("sample.room.tick.lateness", "How late each tick started against its fixed"
                    + " schedule", none, TICK_BUCKETS);
            tickDuration = meters.timer("sample.room.tick.duration", "How long each tick's simulation and broadcasts"
                    + " ran on the room loop", none, TICK_BUCKETS);
        } catch (RuntimeException e) {
            meters.close();
            throw e;
        }
    }

    /** Counts the loop's ticks, and those it skipped after falling behind, read from the loop's own counters. */
    void watch(RoomLoop loop) {
        Tags none = Tags.empty();
        meters.counter("sample.room.ticks", "Ticks the room loop ran", loop, RoomLoop::ticks, none);
        meters.counter("sample.room.ticks.skipped", "Ticks skipped because the loop fell more than a few periods"
                + " behind", loop, RoomLoop::skippedTicks, none);
    }

    /** Room loop thread, after each tick. */
    void census(int roomCount, int seatedCount, int playerCount) {
        rooms = roomCount;
        seated = seatedCount;
        players = playerCount;
    }

    @Override
    public void ticked(long latenessNanos, long durationNanos) {
        tickLateness.record(latenessNanos, TimeUnit.NANOSECONDS);
        tickDuration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        meters.close();
    }
}

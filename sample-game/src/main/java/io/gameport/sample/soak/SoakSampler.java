package io.gameport.sample.soak;

import io.gameport.sample.bots.BotStats;
import io.gameport.sample.metrics.LatencyInterval;
import io.gameport.sample.room.RoomServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a running soak once a second on its own thread, for the HTML report: reads the counters
 * and latency recorders the bots and the room server already keep (nothing is added to a
 * message's path), this process's CPU load and its heap. Percentiles are of each second's own
 * interval, not of the run so far.
 */
final class SoakSampler implements AutoCloseable {

    static final long PERIOD_MS = 1_000;
    private static final long LAST_SAMPLE_MIN_NANOS = 250_000_000;

    private final BotStats stats;
    private final RoomServer rooms;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ProcessCpu cpu = ProcessCpu.current();
    private final ScheduledExecutorService thread;
    private final long startNanos;
    private final List<SoakSample> samples = new ArrayList<>();
    private long lastNanos;
    private long lastSent;
    private long lastReceived;
    private volatile double steadyFromSeconds = -1;
    private boolean closed;

    /** @param rooms the room server in this process, or null when the bots go to servers elsewhere */
    SoakSampler(BotStats stats, RoomServer rooms) {
        this.stats = stats;
        this.rooms = rooms;
        this.startNanos = System.nanoTime();
        this.lastNanos = startNanos;
        this.lastSent = stats.sent();
        this.lastReceived = stats.received();
        // Start the intervals now: what came before the soak is not part of its first second.
        stats.rtt().takeInterval();
        if (rooms != null) {
            rooms.tickLateness().takeInterval();
        }
        cpu.sinceLastRead();
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread sampler = new Thread(runnable, "soak-sampler");
            sampler.setDaemon(true);
            return sampler;
        });
        thread.scheduleAtFixedRate(this::sample, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** The ramp-up ends now: every bot is in a room (or the soak stopped waiting) and the steady window starts. */
    void markSteady() {
        steadyFromSeconds = (System.nanoTime() - startNanos) / 1e9;
    }

    /** Seconds from the start to the steady window, or -1 when it never started. */
    double steadyFromSeconds() {
        return steadyFromSeconds;
    }

    private void sample() {
        long now = System.nanoTime();
        double elapsed = (now - lastNanos) / 1e9;
        long sent = stats.sent();
        long received = stats.received();
        LatencyInterval rtt = stats.rtt().takeInterval();
        LatencyInterval tick = rooms == null ? null : rooms.tickLateness().takeInterval();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        double cpuPercent = cpu.sinceLastRead();
        SoakSample sample = new SoakSample((now - startNanos) / 1e9, (sent - lastSent) / elapsed,
                (received - lastReceived) / elapsed, rtt.count() == 0 ? null : rtt.p50Ms(),
                rtt.count() == 0 ? null : rtt.p99Ms(), rtt.count() == 0 ? null : rtt.p999Ms(),
                tick == null || tick.count() == 0 ? null : tick.p99Ms(), stats.inRoom(), stats.loggedIn(),
                stats.totalErrors(), stats.disconnects(), cpuPercent < 0 ? null : cpuPercent,
                heap.getUsed() / (double) (1 << 20), heap.getCommitted() / (double) (1 << 20));
        synchronized (samples) {
            samples.add(sample);
        }
        lastNanos = now;
        lastSent = sent;
        lastReceived = received;
    }

    /** Every sample so far, oldest first. */
    List<SoakSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Stops sampling, after a last sample of the part-second since the previous one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.shutdown();
        try {
            // A sliver of a second would chart noise as a rate.
            if (thread.awaitTermination(5, TimeUnit.SECONDS) && System.nanoTime() - lastNanos >= LAST_SAMPLE_MIN_NANOS) {
                sample();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

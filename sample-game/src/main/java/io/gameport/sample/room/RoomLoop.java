package io.gameport.sample.room;

import io.gameport.sample.metrics.LatencyHistogram;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the room world. Other threads (I/O workers) hand it commands through
 * {@link #execute}; it runs them in arrival order, and at each tick deadline it calls the tick
 * action. Between the two it parks until the next deadline or the next command.
 *
 * <p>Fixed tick: deadlines are {@code start + n * period}, not "period after the last tick", so
 * a slow tick does not shift every later one. How late each tick started is recorded in
 * {@link #tickLateness()}. If the loop falls more than a few periods behind, the missed ticks
 * are skipped and counted rather than run back to back. A pass over the commands stops when a
 * tick falls due (the clock is read every few commands), so a backlog of inputs delays a tick by
 * a few commands at most, not by the whole backlog. Each tick's lateness and duration also go to a
 * {@link TickRecorder} (the room server's meters).
 */
public final class RoomLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoomLoop.class);
    private static final int COMMANDS_PER_PASS = 4096;
    /** Commands run between two looks at the clock while draining (a power of two). */
    private static final int COMMANDS_PER_CLOCK_READ = 16;
    private static final int MAX_TICKS_BEHIND = 3;
    /**
     * While players are sending, the loop wakes this long before a tick and spins to it: a thread
     * parked to the deadline wakes late by the host's wake-up latency once the machine went idle
     * (milliseconds on a virtual machine whose vCPU halted), and nothing else keeps the CPU awake
     * now that idle shards park. At 20 Hz this costs at most 2% of a core, and only while active.
     */
    private static final long SPIN_BEFORE_TICK_NANOS = 1_000_000;
    /** How long after the last command the loop still counts as active (spins before its ticks). */
    private static final long ACTIVE_AFTER_COMMAND_NANOS = 1_000_000_000;

    private final long periodNanos;
    private final LongConsumer tickAction;
    private final TickRecorder recorder;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final LatencyHistogram tickLateness = new LatencyHistogram();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong skippedTicks = new AtomicLong();
    private final AtomicLong failedCommands = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** What the loop tells after each tick, on its thread; must not block or allocate per call. */
    @FunctionalInterface
    public interface TickRecorder {
        TickRecorder NONE = (latenessNanos, durationNanos) -> { };

        /**
         * @param latenessNanos how late the tick started against its schedule
         * @param durationNanos how long its tick action ran
         */
        void ticked(long latenessNanos, long durationNanos);
    }

    /** @param tickAction called on the loop thread with the tick's scheduled time in epoch milliseconds */
    public RoomLoop(String name, int tickHz, LongConsumer tickAction) {
        this(name, tickHz, tickAction, TickRecorder.NONE);
    }

    /** As above, telling {@code recorder} each tick's lateness and duration. */
    public RoomLoop(String name, int tickHz, LongConsumer tickAction, TickRecorder recorder) {
        if (tickHz < 1 || tickHz > 1000) {
            throw new IllegalArgumentException("tick rate must be in 1..1000 Hz, was " + tickHz);
        }
        this.periodNanos = 1_000_000_000L / tickHz;
        this.tickAction = tickAction;
        this.recorder = java.util.Objects.requireNonNull(recorder, "recorder");
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public RoomLoop start() {
        thread.start();
        return this;
    }

    /** Runs {@code command} on the loop thread, after those already queued. Any thread. */
    public void execute(Runnable command) {
        commands.add(command);
        // Only a parked loop needs the (system-call) wake-up; a running one drains the queue anyway.
        if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    public LatencyHistogram tickLateness() {
        return tickLateness;
    }

    public long ticks() {
        return ticks.get();
    }

    public long skippedTicks() {
        return skippedTicks.get();
    }

    /** Commands that threw (logged); a correct server keeps this at zero. */
    public long failedCommands() {
        return failedCommands.get();
    }

    private void run() {
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        long tickIndex = 1;
        long nextTick = startNanos + periodNanos;
        long activeUntil = startNanos;
        while (running) {
            boolean ranCommands = drainCommands(nextTick);
            long now = System.nanoTime();
            if (ranCommands) {
                activeUntil = now + ACTIVE_AFTER_COMMAND_NANOS;
            }
            if (now - nextTick >= 0) {
                long behind = (now - nextTick) / periodNanos;
                if (behind > MAX_TICKS_BEHIND) {
                    skippedTicks.addAndGet(behind);
                    tickIndex += behind;
                    nextTick += behind * periodNanos;
                }
                long lateness = now - nextTick;
                tickLateness.recordNanos(lateness);
                try {
                    tickAction.accept(startMillis + (nextTick - startNanos) / 1_000_000);
                } catch (RuntimeException e) {
                    failedCommands.incrementAndGet();
                    LOG.error("room tick failed", e);
                }
                recorder.ticked(lateness, System.nanoTime() - now);
                ticks.incrementAndGet();
                tickIndex++;
                nextTick = startNanos + tickIndex * periodNanos;
                continue;
            }
            long wakeAt = activeUntil - now > 0 ? nextTick - SPIN_BEFORE_TICK_NANOS : nextTick;
            if (now - wakeAt >= 0) {
                Thread.onSpinWait();
                continue;
            }
            parked.set(true);
            if (commands.isEmpty() && running) {
                LockSupport.parkNanos(this, wakeAt - now);
            }
            parked.set(false);
        }
    }

    /**
     * Runs up to {@link #COMMANDS_PER_PASS} queued commands, stopping early once the tick due at
     * {@code tickDue} (a {@link System#nanoTime} value) is due; true when there was at least one.
     */
    private boolean drainCommands(long tickDue) {
        for (int i = 0; i < COMMANDS_PER_PASS; i++) {
            // The clock every few commands: a backlog (inputs queued during a pause, a resumed
            // player's replayed moves) would otherwise hold a due tick for the whole pass.
            if ((i & (COMMANDS_PER_CLOCK_READ - 1)) == COMMANDS_PER_CLOCK_READ - 1 && System.nanoTime() - tickDue >= 0) {
                return true;
            }
            Runnable command = commands.poll();
            if (command == null) {
                return i > 0;
            }
            try {
                command.run();
            } catch (RuntimeException e) {
                // One bad command must not stop every room: log it with its cause and go on.
                failedCommands.incrementAndGet();
                LOG.error("room command failed", e);
            }
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

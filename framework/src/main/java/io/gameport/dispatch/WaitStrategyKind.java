package io.gameport.dispatch;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.concurrent.TimeUnit;

/**
 * How an idle shard waits for the next event. The choice trades the shard's idle CPU against
 * the latency of its first event after a pause, and decides what an I/O worker pays per publish.
 */
public enum WaitStrategyKind {
    /**
     * The Disruptor's sleeping strategy: spins, yields, then naps 100 ns at a time, which Linux
     * timer slack stretches to tens of microseconds. Publishing costs nothing and a shard notices
     * an event within one nap without being woken; the price is idle CPU, since an idle shard wakes
     * thousands of times a second and burns a good part of a core doing nothing.
     */
    SLEEPING,
    /**
     * Spins briefly, yields briefly, then parks until a publisher unparks it
     * ({@link ParkingWaitStrategy}): an idle shard costs no CPU, publishing costs the I/O worker
     * one volatile read (one unpark after the shard parked), no lock anywhere. The price is the
     * wake-up of a parked thread for the first event after a pause, slow on virtual machines whose
     * idle vCPUs halt (the host's scheduling latency).
     */
    PARKING,
    /**
     * The default. Sleeps like {@link #SLEEPING} while events keep coming, parks like
     * {@link #PARKING} once the shard saw none for {@value #NAP_BEFORE_PARK_MILLIS} ms: a sleeping
     * shard's cost and speed under traffic, no CPU when idle. Parked shards no longer keep a
     * virtual machine's vCPUs from halting, so a thread that must wake on time (a room's tick)
     * keeps its own deadline rather than relying on busy shards (the sample's room loop spins
     * briefly before each tick while players are active).
     */
    SLEEPING_THEN_PARKING,
    /**
     * Parks on a lock and condition; every publish takes that lock to signal. Lowest idle CPU,
     * but the I/O worker pays a lock per publish while the shard sleeps.
     */
    BLOCKING,
    /** Like {@link #BLOCKING}, but a publish only takes the lock when the shard is actually waiting. */
    LITE_BLOCKING,
    /** Spins then yields: low latency, a busy core per idle shard. */
    YIELDING,
    /** Spins: lowest latency, a whole core per shard even when idle; only for dedicated machines. */
    BUSY_SPIN;

    /** How long a {@link #SLEEPING_THEN_PARKING} shard naps without an event before it parks. */
    public static final long NAP_BEFORE_PARK_MILLIS = 100;

    /** A fresh strategy: strategies keep per-ring state, so rings never share one. */
    WaitStrategy create() {
        switch (this) {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case LITE_BLOCKING:
                return new LiteBlockingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case PARKING:
                return new ParkingWaitStrategy(0);
            case SLEEPING_THEN_PARKING:
                return new ParkingWaitStrategy(TimeUnit.MILLISECONDS.toNanos(NAP_BEFORE_PARK_MILLIS));
            case SLEEPING:
                return new SleepingWaitStrategy();
            default:
                throw new IllegalStateException("no wait strategy for " + this);
        }
    }
}

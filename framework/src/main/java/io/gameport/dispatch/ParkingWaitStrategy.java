package io.gameport.dispatch;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A shard's wait for {@link WaitStrategyKind#PARKING} and {@link WaitStrategyKind#SLEEPING_THEN_PARKING}:
 * spin a little, yield a little, optionally nap like the Disruptor's sleeping strategy for a
 * while, then park until a publisher unparks it. An idle shard costs no CPU, a busy one never
 * parks, and no lock is taken on either side (I/O workers take none).
 *
 * <p>The naps ({@code napBeforeParkNanos} of them in all, each {@value #NAP_NANOS} ns asked,
 * tens of microseconds once timer slack is added) keep a shard that sees traffic every few milliseconds as responsive as
 * a sleeping one, with no signal from publishers; only a shard idle for the whole nap period
 * parks, so an idle server costs nothing.
 *
 * <p>Against the Disruptor's {@code SleepingWaitStrategy}: its 100 ns naps last
 * tens of microseconds on Linux (timer slack), so an idle shard wakes thousands of times a second
 * and burns a good part of a core doing nothing; a parked shard burns none. What this one costs instead is the wake-up of a parked thread, slow on virtual
 * machines whose idle vCPUs halt (see {@link WaitStrategyKind#PARKING}). Against the Disruptor's
 * blocking strategies: their publishers take a lock to signal.
 *
 * <p>The publisher's cost: one volatile read per publish while the shard is awake; the first
 * publish after the shard parked also pays one {@link LockSupport#unpark} (a futex wake), and
 * only that one, because it takes the parked thread out with a compare-and-set.
 *
 * <p>No lost wake-up: the shard first announces itself ({@code parked}, a volatile write), then
 * reads the sequence again; a publisher first moves the ring's cursor (a compare-and-set in
 * {@code next()}), then reads {@code parked} in {@link #signalAllWhenBlocking}. Both orders are
 * sequentially consistent, so either the shard sees the new sequence and does not park, or the
 * publisher sees the parked shard and unparks it. A halt ({@code alert()}) signals the same way.
 * A spurious return from {@code park} only costs one more look at the sequence.
 *
 * <p>One instance per ring, with one waiting thread (the shard's single consumer).
 */
final class ParkingWaitStrategy implements WaitStrategy {

    /** Busy-spins before yielding: covers the gap between two frames of one burst without a syscall. */
    static final int SPIN_TRIES = 100;
    /** Yields before parking: lets a publisher on the same core run, as a shared core needs. */
    static final int YIELD_TRIES = 100;
    /** One nap, as the Disruptor's sleeping strategy asks for; timer slack makes it longer. */
    static final long NAP_NANOS = 100;

    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(ParkingWaitStrategy.class, "parked", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long napBeforeParkNanos;
    /** The consumer while it is parked or about to park, else null. */
    private volatile Thread parked;
    /** Times the consumer parked; written by the consumer only. */
    private long parks;

    /** @param napBeforeParkNanos how long an idle consumer naps before it parks; 0 parks right after the yields */
    ParkingWaitStrategy(long napBeforeParkNanos) {
        if (napBeforeParkNanos < 0) {
            throw new IllegalArgumentException("napBeforeParkNanos must be >= 0, was " + napBeforeParkNanos);
        }
        this.napBeforeParkNanos = napBeforeParkNanos;
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException {
        long available;
        int idleRounds = 0;
        long napsEndNanos = 0;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (idleRounds < SPIN_TRIES) {
                idleRounds++;
                Thread.onSpinWait();
            } else if (idleRounds < SPIN_TRIES + YIELD_TRIES) {
                if (++idleRounds == SPIN_TRIES + YIELD_TRIES) {
                    napsEndNanos = System.nanoTime() + napBeforeParkNanos;
                }
                Thread.yield();
            } else if (System.nanoTime() - napsEndNanos < 0) {
                LockSupport.parkNanos(NAP_NANOS);
            } else {
                park(sequence, dependentSequence, barrier);
            }
        }
        return available;
    }

    private void park(long sequence, Sequence dependentSequence, SequenceBarrier barrier) {
        parked = Thread.currentThread();
        // The re-check after the announcement is what makes a concurrent publish impossible to miss.
        if (dependentSequence.get() < sequence && !barrier.isAlerted()) {
            parks++;
            LockSupport.park(this);
        }
        parked = null;
    }

    @Override
    public void signalAllWhenBlocking() {
        Thread thread = parked;
        if (thread != null && PARKED.compareAndSet(this, thread, null)) {
            LockSupport.unpark(thread);
        }
    }

    /** Times the consumer parked; read it from another thread only after the consumer stopped (or for a rough figure). */
    long parkCount() {
        return parks;
    }

    /** True while the consumer is parked or about to park (for tests and diagnostics). */
    boolean isConsumerParked() {
        return parked != null;
    }
}

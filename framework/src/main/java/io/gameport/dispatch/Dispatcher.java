package io.gameport.dispatch;

import com.lmax.disruptor.RingBuffer;
import io.gameport.log.PeerLogs;
import io.gameport.log.RateLimitedLog;
import io.gameport.net.CloseReason;
import io.gameport.session.Session;
import io.gameport.session.SessionInternals;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off from I/O workers to session shards: I/O workers publish a session's open, frames
 * and close into the ring of the session's shard ({@code sessionId mod shards}); each shard's one
 * thread hands them to the {@link FrameProcessor}.
 *
 * <h2>One ring per shard, not one shared ring</h2>
 * With one shared ring, each of N shard processors would read every event and skip the ones of
 * other shards: N reads of every slot and of the publisher's sequence per event, and the ring
 * could only wrap once the slowest shard had passed, so one slow shard (a handler stuck on a big
 * room) would back-pressure every session on the server. With one ring per shard, a shard reads
 * only its own events, and a slow shard only stalls the producers publishing to it. With one
 * shard both layouts are the same ring; the per-shard layout costs N small rings of memory
 * ({@link DispatchSettings#ringSizePerShard()} slots each).
 *
 * <h2>Batches</h2>
 * A shard's thread is a {@link io.gameport.session.BatchedSendThread}: what handlers send while it works through a batch
 * of events is collected per I/O worker and handed over at the batch's end
 * ({@code endOfBatch}), one command per worker. A session's frames still leave in the order its
 * handlers sent them.
 *
 * <h2>Threads</h2>
 * {@code publish*} are called by I/O workers (any number: the rings are multi-producer) and never
 * allocate: the frame is copied into the slot's pre-allocated buffer. When a ring is full the
 * publisher waits for its shard (back-pressure to the sockets, whose kernel buffers then fill).
 * {@link #execute} may be called from any thread. {@link #start} and {@link #close} by the owner.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DispatchSettings settings;
    private final DispatchMetrics metrics;
    /** A peer's large-frame flood closes its session with one line: rate-limited, since peers can repeat it. */
    private final RateLimitedLog budgetLog;
    private final Shard[] shards;
    private final int shardMask;
    private volatile boolean started;
    private volatile boolean stopped;
    /** Read by publishers waiting for large-frame budget: a halted shard never returns it. */
    private final BooleanSupplier stoppedCheck = () -> stopped;

    public Dispatcher(DispatchSettings settings, FrameProcessor processor, DispatchMetrics metrics, PeerLogs logs) {
        this.settings = settings;
        this.metrics = metrics;
        this.budgetLog = logs.log(Dispatcher.class, "sessions over the large-frame budget");
        this.shards = new Shard[settings.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard(i, settings, processor, metrics);
        }
        this.shardMask = Integer.bitCount(shards.length) == 1 ? shards.length - 1 : -1;
    }

    public DispatchSettings settings() {
        return settings;
    }

    public DispatchMetrics metrics() {
        return metrics;
    }

    public int shardCount() {
        return shards.length;
    }

    /** The shard that handles every event of session {@code sessionId}. */
    public int shardOf(long sessionId) {
        return shardMask >= 0 ? (int) (sessionId & shardMask) : (int) Long.remainderUnsigned(sessionId, shards.length);
    }

    /** Events published to shard {@code shard} and not yet handled (its ring's depth). */
    public long queuedEvents(int shard) {
        RingBuffer<InboundEvent> ring = shards[shard].ring;
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    /** Events shard {@code shard} has handled since it started. */
    public long handledEvents(int shard) {
        return shards[shard].handledSequence() + 1;
    }

    /** Batches shard {@code shard} has handled; with {@link #handledEvents} gives the mean batch size. */
    public long batches(int shard) {
        return shards[shard].batches();
    }

    /** True when the calling thread is the thread of shard {@code shard}. */
    public boolean isShardThread(int shard) {
        return shards[shard].isShardThread();
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        for (Shard shard : shards) {
            shard.start("gameport-shard-" + shard.index);
        }
        started = true;
    }

    public void publishOpen(Session session) {
        RingBuffer<InboundEvent> ring = ringOf(session);
        if (ring != null) {
            publish(ring, InboundEvent.Kind.OPEN, session, null, null);
        }
    }

    /**
     * Copies the frame into the next slot of the session's shard; {@code payload} is not moved.
     * A frame larger than a slot keeps takes its size from the shard's {@link LargeFrameBudget}
     * first, waiting while the shard's total is full.
     *
     * @return false when the session's own large frames waiting for its shard would pass
     *         {@link DispatchSettings#maxLargeFrameBytesPerSession()}: nothing was published and
     *         the caller closes the session ({@code INBOUND_BUDGET_EXCEEDED})
     */
    public boolean publishFrame(Session session, ByteBuffer payload) {
        Shard shard = shardFor(session);
        if (shard == null) {
            return true;
        }
        int length = payload.remaining();
        int reserved = 0;
        if (InboundEvent.isLarge(length, settings.retainedEventBytes())) {
            LargeFrameBudget.Reservation reservation = shard.largeFrames.reserve(session, length, stoppedCheck, metrics);
            if (reservation == LargeFrameBudget.Reservation.SESSION_OVER_BUDGET) {
                metrics.countInboundBudgetClose();
                if (budgetLog.admit()) {
                    budgetLog.logger().warn("{}: {} bytes of large frames already wait for shard {}; a frame of {} bytes would pass the "
                            + "per-session budget of {}", session, SessionInternals.queuedLargeFrameBytes(session), shard.index, length,
                            settings.maxLargeFrameBytesPerSession());
                }
                return false;
            }
            if (reservation == LargeFrameBudget.Reservation.STOPPED) {
                metrics.countDroppedAfterStop();
                return true;
            }
            reserved = length;
        }
        RingBuffer<InboundEvent> ring = shard.ring;
        long sequence = ring.next();
        try {
            ring.get(sequence).setFrame(session, payload, reserved);
        } finally {
            ring.publish(sequence);
        }
        return true;
    }

    /** Bytes of large frames waiting in shard {@code shard}'s ring (see {@link DispatchSettings}). */
    public long queuedLargeFrameBytes(int shard) {
        return shards[shard].largeFrames.shardBytes();
    }

    /** A resumable session's connection dropped: handlers' {@code onSuspend}, after the frames already published. */
    public void publishSuspend(Session session) {
        RingBuffer<InboundEvent> ring = ringOf(session);
        if (ring != null) {
            publish(ring, InboundEvent.Kind.SUSPEND, session, null, null);
        }
    }

    /** A suspended session continues on a new connection: handlers' {@code onResume}, before its next frames. */
    public void publishResume(Session session) {
        RingBuffer<InboundEvent> ring = ringOf(session);
        if (ring != null) {
            publish(ring, InboundEvent.Kind.RESUME, session, null, null);
        }
    }

    public void publishClose(Session session, CloseReason reason) {
        RingBuffer<InboundEvent> ring = ringOf(session);
        if (ring == null) {
            SessionInternals.markClosed(session);
            return;
        }
        publish(ring, InboundEvent.Kind.CLOSE, session, reason, null);
    }

    /**
     * Runs {@code task} on {@code session}'s shard, after the events already published for it:
     * how timers and other threads touch a session's state without locks. Any thread.
     *
     * @return false if the dispatcher has stopped and the task will not run
     */
    public boolean execute(Session session, Runnable task) {
        RingBuffer<InboundEvent> ring = ringOf(session);
        if (ring == null) {
            return false;
        }
        publish(ring, InboundEvent.Kind.TASK, session, null, task);
        return true;
    }

    /**
     * Waits until every event published before this call has been handled, or the deadline passes.
     * Called by the stopping thread, never by a shard (it would wait for itself).
     *
     * @return true when everything was handled in time
     */
    public boolean awaitHandled(long deadlineNanos) {
        long[] targets = new long[shards.length];
        for (int i = 0; i < shards.length; i++) {
            targets[i] = shards[i].publishedSequence();
        }
        for (int i = 0; i < shards.length; i++) {
            while (shards[i].handledSequence() < targets[i]) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    return false;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        return true;
    }

    /**
     * Stops the shards after they handled what was published before the deadline; later events
     * are counted as dropped. Call after the transport has stopped publishing.
     */
    public void close(long deadlineNanos) {
        if (stopped) {
            return;
        }
        if (started && !awaitHandled(deadlineNanos)) {
            LOG.warn("dispatcher stopping with unhandled events: the deadline passed");
        }
        stopped = true;
        for (Shard shard : shards) {
            shard.halt();
        }
        boolean interrupted = false;
        for (Shard shard : shards) {
            try {
                shard.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    }

    /**
     * Fills the next slot with an event that carries no frame (frames are copied by
     * {@link InboundEvent#setFrame}) and publishes it. The slot is published even if filling it
     * throws: a claimed sequence that is never published would stall the shard forever.
     */
    private static void publish(RingBuffer<InboundEvent> ring, InboundEvent.Kind kind, Session session,
                                CloseReason reason, Runnable task) {
        long sequence = ring.next();
        try {
            InboundEvent event = ring.get(sequence);
            event.kind = kind;
            event.session = session;
            event.closeReason = reason;
            event.task = task;
        } finally {
            ring.publish(sequence);
        }
    }

    private RingBuffer<InboundEvent> ringOf(Session session) {
        Shard shard = shardFor(session);
        return shard == null ? null : shard.ring;
    }

    /** The session's shard, or null (counted as dropped) once stopped. */
    private Shard shardFor(Session session) {
        if (stopped) {
            // A halted shard never frees slots nor budget: publishing now could wait forever.
            metrics.countDroppedAfterStop();
            return null;
        }
        return shards[shardOf(session.id())];
    }
}

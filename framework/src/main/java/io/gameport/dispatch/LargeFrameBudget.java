package io.gameport.dispatch;

import io.gameport.session.Session;
import io.gameport.session.SessionInternals;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The heap one shard's waiting frames may hold beyond its slots' own buffers (see
 * {@link DispatchSettings}): a per-session cap that a flooding peer hits alone, and a per-shard
 * cap that makes publishers wait. Only frames larger than a slot keeps are counted, so the
 * per-message path of ordinary game traffic never touches it.
 *
 * <p>Threads: {@link #reserve} runs on I/O workers, {@link #release} on the shard. A session's
 * frames all come from the one I/O worker that owns its connection and the shard only subtracts,
 * so the per-session check cannot be overtaken; the shard total is claimed by compare-and-set
 * because any number of workers publish into one shard.
 */
final class LargeFrameBudget {

    /** How long a publisher parks between looks at a full budget: the Disruptor's own full-ring pause is of this order. */
    private static final long WAIT_NANOS = 1_000L;

    private final long perSession;
    private final long perShard;
    private final AtomicLong shardBytes = new AtomicLong();

    LargeFrameBudget(long perSession, long perShard) {
        this.perSession = perSession;
        this.perShard = perShard;
    }

    enum Reservation { RESERVED, SESSION_OVER_BUDGET, STOPPED }

    /**
     * Reserves {@code bytes} for one frame of {@code session}, waiting while the shard's total is
     * full. Does not wait for the session's own cap: that one closes the session instead.
     *
     * @param stopped checked while waiting: a halted shard never returns bytes
     * @param metrics counts the waits
     */
    Reservation reserve(Session session, int bytes, BooleanSupplier stopped, DispatchMetrics metrics) {
        if (SessionInternals.queuedLargeFrameBytes(session) + bytes > perSession) {
            return Reservation.SESSION_OVER_BUDGET;
        }
        SessionInternals.addQueuedLargeFrameBytes(session, bytes);
        boolean counted = false;
        while (true) {
            long current = shardBytes.get();
            // An empty shard admits any frame a session may have (perSession <= perShard is validated).
            if (current + bytes <= perShard) {
                if (shardBytes.compareAndSet(current, current + bytes)) {
                    return Reservation.RESERVED;
                }
                continue;
            }
            if (stopped.getAsBoolean()) {
                SessionInternals.addQueuedLargeFrameBytes(session, -bytes);
                return Reservation.STOPPED;
            }
            if (!counted) {
                metrics.countLargeFrameWait();
                counted = true;
            }
            LockSupport.parkNanos(WAIT_NANOS);
        }
    }

    /** The shard has handled a reserved frame: its buffer is dropped, its bytes come back. */
    void release(Session session, int bytes) {
        SessionInternals.addQueuedLargeFrameBytes(session, -bytes);
        shardBytes.addAndGet(-bytes);
    }

    /** Bytes of large frames waiting in the shard right now. */
    long shardBytes() {
        return shardBytes.get();
    }
}

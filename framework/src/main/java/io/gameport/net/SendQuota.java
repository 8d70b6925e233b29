package io.gameport.net;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server-wide side of the send quota: the global cap on pending outbound bytes and the
 * counters of what the policy did. Each connection keeps its own pending counts
 * ({@link ConnectionQuota}); a send must fit under both before anything is queued.
 *
 * <p>Thread-safe: sends come from any thread, returns from I/O workers.
 */
public final class SendQuota {

    private final SendQuotaSettings settings;
    private final AtomicLong globalPendingBytes = new AtomicLong();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder disconnected = new LongAdder();

    public SendQuota(SendQuotaSettings settings) {
        this.settings = settings;
    }

    public SendQuotaSettings settings() {
        return settings;
    }

    /** Bytes queued or in flight on every connection together. */
    public long globalPendingBytes() {
        return globalPendingBytes.get();
    }

    public long rejectedCount() {
        return rejected.sum();
    }

    public long droppedCount() {
        return dropped.sum();
    }

    public long disconnectedCount() {
        return disconnected.sum();
    }

    /** Takes quota for one frame of {@code bytes}; false, with nothing taken, when any cap would be passed. */
    boolean tryAcquire(ConnectionQuota connection, int bytes) {
        if (!connection.tryAcquire(bytes, settings)) {
            return false;
        }
        long global = globalPendingBytes.addAndGet(bytes);
        if (global > settings.maxPendingBytesGlobal()) {
            globalPendingBytes.addAndGet(-bytes);
            connection.release(1, bytes);
            return false;
        }
        return true;
    }

    /**
     * Counts one frame of {@code bytes} without checking any cap: a resumable session's frame,
     * already admitted by its session's caps when it was kept. Counted so that the pending bytes
     * (and a graceful stop's wait for them) see it.
     */
    void acquireUnchecked(ConnectionQuota connection, int bytes) {
        connection.acquireUnchecked(bytes);
        globalPendingBytes.addAndGet(bytes);
    }

    /** Returns quota for frames the kernel has taken or that were discarded at close. */
    void release(ConnectionQuota connection, int frames, long bytes) {
        if (frames == 0 && bytes == 0) {
            return;
        }
        connection.release(frames, bytes);
        globalPendingBytes.addAndGet(-bytes);
    }

    SendResult applyPolicy() {
        switch (settings.policy()) {
            case REJECT:
                rejected.increment();
                return SendResult.REJECTED;
            case DROP:
                dropped.increment();
                return SendResult.DROPPED;
            default:
                disconnected.increment();
                return SendResult.DISCONNECTED;
        }
    }
}

package io.gameport.net;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's pending outbound frames and bytes (queued, in a worker's command queue, or in
 * flight). Acquired by senders on any thread, returned by the connection's worker when the
 * kernel acknowledges the bytes or when the connection is released, exactly once.
 */
final class ConnectionQuota {
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();

    boolean tryAcquire(int bytes, SendQuotaSettings settings) {
        int frames = pendingFrames.incrementAndGet();
        long total = pendingBytes.addAndGet(bytes);
        if (frames > settings.maxPendingMessagesPerConnection() || total > settings.maxPendingBytesPerConnection()) {
            pendingFrames.decrementAndGet();
            pendingBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void acquireUnchecked(int bytes) {
        pendingFrames.incrementAndGet();
        pendingBytes.addAndGet(bytes);
    }

    void release(int frames, long bytes) {
        int leftFrames = pendingFrames.addAndGet(-frames);
        long leftBytes = pendingBytes.addAndGet(-bytes);
        if (leftFrames < 0 || leftBytes < 0) {
            throw new IllegalStateException("send quota returned twice: frames=" + leftFrames + " bytes=" + leftBytes);
        }
    }

    int pendingFrames() {
        return pendingFrames.get();
    }

    long pendingBytes() {
        return pendingBytes.get();
    }
}

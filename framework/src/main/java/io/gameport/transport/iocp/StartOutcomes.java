package io.gameport.transport.iocp;

import io.gameport.nativeio.windows.WinConstants;
import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import java.nio.ByteBuffer;

/**
 * What becomes of an operation once its overlapped call was started (the seed's lesson 1): 0
 * completed inline (delivered through the local queue when no packet will come), 997 pending (a
 * packet will come), a failure for want of resources (the slot is kept and the call retried after
 * a doubling back-off, each attempt counted and logged, up to
 * {@link IocpSettings#resourceRetryMaxAttempts()}), or any other failure (delivered through the
 * local queue).
 *
 * <p>Owner thread only.
 */
final class StartOutcomes {

    /** Starts an operation's call again once its back-off ran out. */
    interface Restart {
        void restart(int slot);
    }

    private final IocpSettings settings;
    private final ErrorMetrics metrics;
    private final OperationSlab slab;
    private final ByteBuffer mem;
    private final LocalQueue local;
    private final RetryQueue retries = new RetryQueue();
    private final RetryQueue.DueVisitor retryVisitor = this::retryDue;
    private final Restart restart;
    private long inlineCompletions;

    StartOutcomes(IocpSettings settings, ErrorMetrics metrics, OperationSlab slab, LocalQueue local, Restart restart) {
        this.settings = settings;
        this.metrics = metrics;
        this.slab = slab;
        this.mem = slab.memory();
        this.local = local;
        this.restart = restart;
    }

    /** The outcome of a start: {@code error} is what the call returned (0, 997, or a Winsock code). */
    void afterStart(int slot, int error, String call) {
        if (error == 0) {
            if (slab.owner[slot].skipOnSuccess) {
                // No packet will come: the outcome is ours to deliver.
                inlineCompletions++;
                slab.where[slot] = OperationSlab.LOCAL;
                local.addSlot(slot, slab.generation[slot], 0, mem.getInt(slab.offset(slot) + SlotLayout.BYTES_OFFSET));
            } else {
                slab.where[slot] = OperationSlab.KERNEL;
            }
            return;
        }
        if (error == WinError.WSA_IO_PENDING) {
            slab.where[slot] = OperationSlab.KERNEL;
            return;
        }
        if (retryable(slot, error)) {
            scheduleRetry(slot, error, call);
            return;
        }
        slab.where[slot] = OperationSlab.LOCAL;
        local.addSlot(slot, slab.generation[slot], error, 0);
    }

    /** A transient failure with attempts left: {@link #scheduleRetry} may take it. */
    boolean retryable(int slot, int error) {
        return transientAtStart(error) && slab.attempts[slot] < settings.resourceRetryMaxAttempts();
    }

    /** Keeps the slot and starts its call again after a back-off doubling with each attempt. */
    void scheduleRetry(int slot, int error, String call) {
        int attempt = slab.attempts[slot]++;
        long delayMs = Math.min((long) settings.resourceRetryInitialMs() << Math.min(attempt, 20), settings.resourceRetryMaxMs());
        IocpSocket s = slab.owner[slot];
        metrics.record(ErrorSpace.WINDOWS, error, call + (s.listener ? " on listener " : " on socket ") + s.handle
                + ": out of resources, retry " + (attempt + 1) + " in " + delayMs + " ms");
        slab.where[slot] = OperationSlab.RETRY;
        retries.add(slot, slab.generation[slot], System.nanoTime() + delayMs * 1_000_000L);
    }

    static boolean transientAtStart(int error) {
        // WSAEWOULDBLOCK from an overlapped call means "too many outstanding overlapped requests".
        return error == WinError.WSAEWOULDBLOCK
                || ErrorClassifier.classify(ErrorSpace.WINDOWS, error) == Outcome.OUT_OF_RESOURCES;
    }

    /** Starts again every operation whose back-off ran out. */
    void retryDue() {
        if (!retries.isEmpty()) {
            retries.drainDue(System.nanoTime(), retryVisitor);
        }
    }

    /**
     * How long a blocking poll may wait: {@link WinConstants#INFINITE} without a retry waiting,
     * else until the next back-off deadline (nothing else could wake the port for it).
     */
    int pollTimeoutMs() {
        if (retries.isEmpty()) {
            return WinConstants.INFINITE;
        }
        return (int) Math.max(1L, (retries.nanosUntilNext(System.nanoTime()) + 999_999L) / 1_000_000L);
    }

    private void retryDue(int slot, int generation) {
        if (slab.generation[slot] != generation || slab.where[slot] != OperationSlab.RETRY) {
            return; // finished meanwhile (cancelled or closed): its 995 went through the local queue
        }
        slab.where[slot] = OperationSlab.ACTIVE;
        restart.restart(slot);
    }

    /** Operations that completed inline with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (delivered without a packet). */
    long inlineCompletions() {
        return inlineCompletions;
    }
}

package io.gameport.dispatch;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import io.gameport.net.FatalErrors;
import io.gameport.session.SessionInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session shard: a multi-producer ring that every I/O worker publishes into, and the one
 * thread that consumes it through a {@link BatchEventProcessor}. The single consumer is what
 * keeps a session's events in arrival order without locks: a session's frames all come from
 * the one I/O worker that owns its connection, in order, and only this thread handles them.
 *
 * <p>Nothing a handler throws ends the thread: {@link #onEvent} catches, logs and counts.
 */
final class Shard implements EventHandler<InboundEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
    private static final java.lang.invoke.VarHandle BATCHES;

    static {
        try {
            BATCHES = java.lang.invoke.MethodHandles.lookup().findVarHandle(Shard.class, "batches", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    final RingBuffer<InboundEvent> ring;
    final LargeFrameBudget largeFrames;
    private final BatchEventProcessor<InboundEvent> processor;
    private final FrameProcessor frames;
    private final DispatchMetrics metrics;
    private ShardThread thread;
    /** Batches handled; written by the shard's thread only, read by a scrape (see {@link #batches()}). */
    private long batches;

    Shard(int index, DispatchSettings settings, FrameProcessor frames, DispatchMetrics metrics) {
        this.index = index;
        this.frames = frames;
        this.metrics = metrics;
        int retained = settings.retainedEventBytes();
        this.largeFrames = new LargeFrameBudget(settings.maxLargeFrameBytesPerSession(), settings.maxLargeFrameBytesPerShard());
        this.ring = RingBuffer.createMultiProducer(() -> new InboundEvent(retained), settings.ringSizePerShard(),
                settings.waitStrategy().create());
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), this);
        processor.setExceptionHandler(new LoggingExceptionHandler());
        ring.addGatingSequences(processor.getSequence());
    }

    void start(String name) {
        ShardThread t = new ShardThread(processor, name);
        thread = t;
        t.start();
    }

    boolean isShardThread() {
        return Thread.currentThread() == thread;
    }

    /** Highest sequence published so far. */
    long publishedSequence() {
        return ring.getCursor();
    }

    /** Highest sequence this shard has finished handling. */
    long handledSequence() {
        return processor.getSequence().get();
    }

    /** Batches of events the shard has handled (events per batch: handled events over batches). Any thread. */
    long batches() {
        return (long) BATCHES.getOpaque(this);
    }

    void halt() {
        processor.halt();
    }

    void join(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }

    @Override
    public void onEvent(InboundEvent event, long sequence, boolean endOfBatch) {
        try {
            switch (event.kind) {
                case FRAME:
                    frames.onFrame(event.session, event.frame());
                    break;
                case OPEN:
                    frames.onOpen(event.session);
                    break;
                case CLOSE:
                    SessionInternals.markClosed(event.session);
                    frames.onClose(event.session, event.closeReason);
                    break;
                case TASK:
                    event.task.run();
                    break;
                case SUSPEND:
                    frames.onSuspend(event.session);
                    break;
                case RESUME:
                    frames.onResume(event.session);
                    break;
                default:
                    throw new IllegalStateException("unknown event kind " + event.kind);
            }
        } catch (RuntimeException e) {
            metrics.countProcessorFailure();
            LOG.error("shard {}: {} event of {} failed", index, event.kind, event.session, e);
        } finally {
            if (event.reservedBytes > 0) {
                largeFrames.release(event.session, event.reservedBytes);
            }
            event.clear();
        }
        if (endOfBatch) {
            BATCHES.setOpaque(this, batches + 1);
            // The batch's sends reach each I/O worker in one command: one hand-off (and at most
            // one wake-up) per worker per batch instead of one per frame.
            thread.flushSends();
        }
    }

    /**
     * Only reached by an Error (a handler's StackOverflowError, an OutOfMemoryError, a failed
     * assertion), which is fatal for the process ({@link FatalErrors}), or by a bug in onEvent's
     * own bookkeeping, which is logged and counted; the processor then carries on.
     */
    private final class LoggingExceptionHandler implements ExceptionHandler<InboundEvent> {
        @Override
        public void handleEventException(Throwable ex, long sequence, InboundEvent event) {
            metrics.countProcessorFailure();
            if (ex instanceof Error) {
                FatalErrors.report("shard " + index + " was handling event " + sequence + " (" + event.kind + " of "
                        + event.session + ")", ex);
                return;
            }
            LOG.error("shard {}: event {} failed outside its handler", index, sequence, ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("shard {}: start failed", index, ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("shard {}: shutdown failed", index, ex);
        }
    }
}

package io.gameport.dispatch;

import io.gameport.protocol.ProtocolError;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the dispatch stage and its handlers. Thread-safe; shards increment, anyone reads.
 * Only failures and policy decisions are counted: the per-message hot path counts nothing.
 */
public final class DispatchMetrics {

    private final Map<ProtocolError, LongAdder> protocolErrors = new EnumMap<>(ProtocolError.class);
    private final LongAdder handlerErrors = new LongAdder();
    private final LongAdder unhandledMessages = new LongAdder();
    private final LongAdder processorFailures = new LongAdder();
    private final LongAdder droppedAfterStop = new LongAdder();
    private final LongAdder inboundBudgetCloses = new LongAdder();
    private final LongAdder largeFrameWaits = new LongAdder();

    public DispatchMetrics() {
        for (ProtocolError error : ProtocolError.values()) {
            protocolErrors.put(error, new LongAdder());
        }
    }

    /** Frames a peer sent that failed to decode, by kind. */
    public long protocolErrors(ProtocolError error) {
        return protocolErrors.get(error).sum();
    }

    /** Handler calls that threw; the shard went on with the next event. */
    public long handlerErrors() {
        return handlerErrors.sum();
    }

    /** Messages of a type no handler is registered for. */
    public long unhandledMessages() {
        return unhandledMessages.sum();
    }

    /** Events whose processing threw outside any handler (a framework or processor bug); the shard survived. */
    public long processorFailures() {
        return processorFailures.sum();
    }

    /** Events offered after the dispatcher stopped; they were not handled. */
    public long droppedAfterStop() {
        return droppedAfterStop.sum();
    }

    /** Sessions closed because their large frames waiting for their shard passed the per-session budget. */
    public long inboundBudgetCloses() {
        return inboundBudgetCloses.sum();
    }

    /** Large frames whose publisher had to wait for the shard's large-frame budget (back-pressure). */
    public long largeFrameWaits() {
        return largeFrameWaits.sum();
    }

    public void countProtocolError(ProtocolError error) {
        protocolErrors.get(error).increment();
    }

    public void countHandlerError() {
        handlerErrors.increment();
    }

    public void countUnhandled() {
        unhandledMessages.increment();
    }

    void countProcessorFailure() {
        processorFailures.increment();
    }

    void countInboundBudgetClose() {
        inboundBudgetCloses.increment();
    }

    void countLargeFrameWait() {
        largeFrameWaits.increment();
    }

    void countDroppedAfterStop() {
        droppedAfterStop.increment();
    }
}

package io.gameport.metrics;

import static io.gameport.metrics.TransportMeters.tagValue;

import io.gameport.dispatch.DispatchMetrics;
import io.gameport.dispatch.Dispatcher;
import io.gameport.handler.LimitMetrics;
import io.gameport.handler.LimitScope;
import io.gameport.handler.OverLimit;
import io.gameport.protocol.ProtocolError;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;

/** The dispatch stage's meters: shard rings and batches, handler and protocol failures, inbound limits. */
final class DispatchMeters {

    private DispatchMeters() {
    }

    static void register(MeterSet meters, Dispatcher dispatcher, LimitMetrics limits) {
        Tags none = Tags.empty();
        for (int i = 0; i < dispatcher.shardCount(); i++) {
            int shard = i;
            Tags tag = Tags.of("shard", Integer.toString(shard));
            meters.gauge("gameport.dispatch.ring.queued", "Events published to the shard and not yet handled", null,
                    dispatcher, d -> d.queuedEvents(shard), tag);
            meters.gauge("gameport.dispatch.ring.capacity", "Events the shard's ring holds", null,
                    dispatcher, d -> d.settings().ringSizePerShard(), tag);
            meters.counter("gameport.dispatch.events", "Events the shard handled (frames, opens, closes, tasks)",
                    dispatcher, d -> d.handledEvents(shard), tag);
            meters.counter("gameport.dispatch.batches", "Batches the shard handled (events over batches: mean batch size)",
                    dispatcher, d -> d.batches(shard), tag);
            meters.gauge("gameport.dispatch.large.frames.queued", "Bytes of large frames waiting for the shard",
                    BaseUnits.BYTES, dispatcher, d -> d.queuedLargeFrameBytes(shard), tag);
        }
        DispatchMetrics metrics = dispatcher.metrics();
        for (ProtocolError error : ProtocolError.values()) {
            meters.counter("gameport.dispatch.protocol.errors", "Frames that failed to decode, by kind", metrics,
                    m -> m.protocolErrors(error), Tags.of("kind", tagValue(error)));
        }
        meters.counter("gameport.dispatch.handler.errors", "Handler calls that threw", metrics,
                DispatchMetrics::handlerErrors, none);
        meters.counter("gameport.dispatch.unhandled", "Messages of a type no handler is registered for", metrics,
                DispatchMetrics::unhandledMessages, none);
        meters.counter("gameport.dispatch.processor.failures", "Events whose processing threw outside any handler",
                metrics, DispatchMetrics::processorFailures, none);
        meters.counter("gameport.dispatch.dropped.after.stop", "Events offered after the dispatcher stopped", metrics,
                DispatchMetrics::droppedAfterStop, none);
        meters.counter("gameport.dispatch.inbound.budget.closes",
                "Sessions closed for passing the per-session budget of large frames waiting", metrics,
                DispatchMetrics::inboundBudgetCloses, none);
        meters.counter("gameport.dispatch.large.frame.waits", "Large frames whose publisher waited for the shard's budget",
                metrics, DispatchMetrics::largeFrameWaits, none);
        for (LimitScope scope : LimitScope.values()) {
            for (OverLimit policy : OverLimit.values()) {
                meters.counter("gameport.limits.limited", "Frames over an inbound rate limit, by scope and policy", limits,
                        l -> l.limited(scope, policy), Tags.of("scope", tagValue(scope), "policy", tagValue(policy)));
            }
        }
        meters.counter("gameport.limits.malformed.closes", "Sessions closed for sending too many malformed frames", limits,
                LimitMetrics::malformedCloses, none);
    }
}

package io.gameport.metrics;

import io.gameport.net.CloseReason;
import io.gameport.net.SendQuota;
import io.gameport.net.WorkerGroup;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.Outcome;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.Locale;

/** The transport's meters: connections, traffic, I/O worker health, native errors and the send quota. */
final class TransportMeters {

    private TransportMeters() {
    }

    static void register(MeterSet meters, WorkerGroup workers, ErrorMetrics errors) {
        Tags none = Tags.empty();
        meters.gauge("gameport.transport.info", "Always 1; the tag backend names the completion backend in use", null,
                workers, w -> 1, Tags.of("backend", workers.backendName()));
        meters.counter("gameport.connections.opened", "Connections accepted or connected", workers,
                WorkerGroup::openedConnections, none);
        meters.gauge("gameport.connections.open", "Connections opened and not yet released (closing ones included)", null,
                workers, w -> w.openedConnections() - w.releasedConnections(), none);
        meters.counter("gameport.connections.released", "Connections whose resources were released", workers,
                WorkerGroup::releasedConnections, none);
        for (CloseReason reason : CloseReason.values()) {
            meters.counter("gameport.connections.closed", "Connections closed, by the reason their close started with",
                    workers, w -> w.closeCount(reason), Tags.of("reason", tagValue(reason)));
        }
        meters.counter("gameport.io.received", "Bytes received (TLS records included)", BaseUnits.BYTES, workers,
                WorkerGroup::bytesReceived, none);
        meters.counter("gameport.io.sent", "Bytes sent (TLS records included)", BaseUnits.BYTES, workers,
                WorkerGroup::bytesSent, none);
        meters.counter("gameport.io.frames.received", "Whole frames received", workers, WorkerGroup::framesReceived, none);
        meters.counter("gameport.io.frames.sent", "Frames whose last byte was sent", workers, WorkerGroup::framesSent, none);
        meters.counter("gameport.io.worker.wakeups", "Times an I/O worker woke from a blocking poll", workers,
                WorkerGroup::wakeups, none);
        meters.counter("gameport.io.partial.sends", "Sends the kernel completed with fewer bytes than offered", workers,
                WorkerGroup::partialSends, none);
        meters.counter("gameport.io.peer.probe.closes", "Connections closed because the kernel had dropped them, or their"
                + " peer had ended them, without a completion saying so (io_uring's peer probe)", workers, WorkerGroup::peerProbeCloses, none);
        meters.counter("gameport.io.stale.completions", "Completions for released connections (a lifetime bug; stays 0)",
                workers, WorkerGroup::staleCompletions, none);
        meters.counter("gameport.io.internal.errors", "Exceptions the I/O workers caught outside handler code", workers,
                WorkerGroup::internalErrors, none);
        meters.counter("gameport.io.failed.listeners", "Listeners stopped because their accept failed for good", workers,
                WorkerGroup::failedListeners, none);
        meters.counter("gameport.io.orphaned.sockets", "Accepted sockets closed because no live I/O worker could take them",
                workers, WorkerGroup::orphanedSockets, none);
        for (Outcome outcome : Outcome.values()) {
            meters.counter("gameport.transport.error.outcomes", "Native errors, by what they mean for the connection",
                    errors, e -> e.count(outcome), Tags.of("outcome", tagValue(outcome)));
        }
        errors.watchCodes(code -> meters.counterIfAbsent("gameport.transport.errors", "Native errors, by code name", errors,
                e -> e.count(code), Tags.of("code", code)));
        SendQuota quota = workers.sendQuota();
        meters.gauge("gameport.send.quota.pending", "Bytes queued to send over all sessions (the global quota's use)",
                BaseUnits.BYTES, quota, SendQuota::globalPendingBytes, none);
        meters.counter("gameport.send.quota.results", "Sends over a quota, by what the policy did", quota,
                SendQuota::rejectedCount, Tags.of("result", "rejected"));
        meters.counter("gameport.send.quota.results", "Sends over a quota, by what the policy did", quota,
                SendQuota::droppedCount, Tags.of("result", "dropped"));
        meters.counter("gameport.send.quota.results", "Sends over a quota, by what the policy did", quota,
                SendQuota::disconnectedCount, Tags.of("result", "disconnected"));
    }

    /** An enum constant as a tag value: lower case, as Micrometer's conventions have them. */
    static String tagValue(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}

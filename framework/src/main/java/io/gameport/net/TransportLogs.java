package io.gameport.net;

import io.gameport.log.PeerLogs;
import io.gameport.log.RateLimitedLog;

/**
 * The logs of the lines a peer can provoke in the transport, one per kind, shared by the workers
 * of one group: each kind writes at most the {@link PeerLogs}' lines per second, however many
 * peers provoke it, and counts the rest.
 */
record TransportLogs(RateLimitedLog midFrame, RateLimitedLog badHeader, RateLimitedLog refusedConnection,
                     RateLimitedLog partialFrameClose, RateLimitedLog directMemory) {

    static TransportLogs of(PeerLogs logs) {
        return new TransportLogs(
                logs.log(Connection.class, "peers closed mid-frame"),
                logs.log(Connection.class, "bad frame headers"),
                logs.log(ConnectionAdmission.class, "refused connections"),
                logs.log(IoWorker.class, "partial-frame budget closes"),
                logs.log(IoWorker.class, "direct memory exhausted"));
    }
}

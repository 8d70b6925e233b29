package io.gameport.net;

import io.gameport.settings.Records;
import io.gameport.settings.Require;
import io.gameport.transport.Backend;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.SocketSettings;
import io.gameport.transport.iocp.IocpSettings;
import io.gameport.transport.iouring.IoUringSettings;

/**
 * Settings of the transport: which backend and its own settings, I/O workers, sockets, buffers,
 * connection caps and the send quota. Immutable; validated on construction, so a bad value fails
 * at start-up with a message naming the setting. The largest frame is not here: it is a setting
 * of the protocol the peers speak ({@code ProtocolSettings.maxFrameBytes}), given to the transport
 * beside these (a game server passes its {@code GameServerSettings.protocol()}'s).
 *
 * @param backend             the completion backend ({@link Backend#AUTO}: IOCP on Windows, io_uring on Linux, else NIO2)
 * @param ioUring             settings of the io_uring backend, used when it is the one that runs
 * @param iocp                settings of the IOCP backend, used when it is the one that runs
 * @param socket              options applied to every accepted or connected socket
 * @param workers             I/O worker threads, 1..256
 * @param backlog             listen backlog
 * @param outboundChunkBytes  size of the native chunks outbound frames are copied into
 * @param maxPartialFrameBytesPerWorker heap that partly received frames of one I/O worker's connections
 *                            may hold together (assembly buffers grow with the bytes received, never
 *                            with the announced length); past it the connection holding the most is
 *                            closed ({@link CloseReason#PARTIAL_FRAME_BUDGET}). At least the largest
 *                            frame ({@link #checkFrameFits}), so one legal frame always fits.
 * @param maxConnections      accepted connections open at once (from accept until released); more are
 *                            closed at accept ({@link CloseReason#MAX_CONNECTIONS})
 * @param maxConnectionsPerAddress accepted connections open at once from one remote IP address; more are
 *                            closed at accept ({@link CloseReason#MAX_CONNECTIONS_PER_ADDRESS}). Generous by
 *                            default because many mobile players share one address behind carrier-grade
 *                            NAT; loopback is not exempt (bots run on one machine must raise it)
 * @param idleTimeoutMs       closes a connection that received nothing for this long ({@link CloseReason#IDLE_TIMEOUT}),
 *                            0 (the default) for never. Checked by a sweep on each worker every quarter of the
 *                            timeout, so a silent connection closes after between 1 and 1.25 times the timeout.
 *                            Game servers built on sessions have their own heartbeat and idle timeout
 *                            ({@code SessionSettings}); this one is for the raw transport.
 * @param peerProbePeriodMs   how often each worker asks the kernel about the connections that received nothing
 *                            since its last such sweep, closing those whose socket the kernel has dropped
 *                            without the backend reporting it ({@link CompletionPort#probePeer}: io_uring's
 *                            multishot receive can miss a reset). 1,000 by default, 0 for never; at least
 *                            100 otherwise. Independent of the idle timeout: it runs without one. Only
 *                            io_uring workers sweep (at most two system calls per silent connection per
 *                            sweep); on the other backends the setting has no effect.
 * @param sendQuota           caps on pending outbound data
 */
public record TransportSettings(Backend backend, IoUringSettings ioUring, IocpSettings iocp, SocketSettings socket, int workers, int backlog, int outboundChunkBytes, long maxPartialFrameBytesPerWorker, int maxConnections, int maxConnectionsPerAddress, long idleTimeoutMs, long peerProbePeriodMs, SendQuotaSettings sendQuota) {

    /** 32 MiB: 512 frames of the default 64 KiB maximum in flight per worker, or 32 of 1 MiB. */
    public static final long DEFAULT_MAX_PARTIAL_FRAME_BYTES_PER_WORKER = 32L << 20;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** A few hundred: players behind one carrier-grade NAT address must not lock each other out. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    /** A second: a connection whose reset the kernel did not report is closed within about two. */
    public static final long DEFAULT_PEER_PROBE_PERIOD_MS = 1_000;
    public static final long MIN_PEER_PROBE_PERIOD_MS = 100;

    public TransportSettings {
        Require.set("TransportSettings.backend", backend);
        Require.set("TransportSettings.ioUring", ioUring);
        Require.set("TransportSettings.iocp", iocp);
        Require.set("TransportSettings.socket", socket);
        Require.inRange("TransportSettings.workers", workers, 1, 256);
        Require.atLeast("TransportSettings.backlog", backlog, 1);
        Require.atLeast("TransportSettings.outboundChunkBytes", outboundChunkBytes, 256);
        Require.atLeast("TransportSettings.maxPartialFrameBytesPerWorker", maxPartialFrameBytesPerWorker, 1);
        Require.atLeast("TransportSettings.maxConnections", maxConnections, 1);
        Require.atLeast("TransportSettings.maxConnectionsPerAddress", maxConnectionsPerAddress, 1);
        // The sweep runs every quarter of the timeout, in whole milliseconds.
        Require.offOrInRange("TransportSettings.idleTimeoutMs", idleTimeoutMs, 4, Long.MAX_VALUE);
        // A sweep scans every connection of the worker: not more often than ten times a second.
        Require.offOrInRange("TransportSettings.peerProbePeriodMs", peerProbePeriodMs, MIN_PEER_PROBE_PERIOD_MS, Long.MAX_VALUE);
        Require.set("TransportSettings.sendQuota", sendQuota);
    }

    /**
     * The platform's backend with its default settings, one I/O worker per core, TCP_NODELAY, a
     * backlog of 1024, 16 KiB outbound chunks, 32 MiB of partial frames per worker, 10,000
     * connections and 256 per address, no transport idle timeout, a peer probe every second, the
     * default send quota.
     */
    public static TransportSettings defaults() {
        return new TransportSettings(Backend.AUTO, IoUringSettings.defaults(), IocpSettings.defaults(), SocketSettings.defaults(),
                Runtime.getRuntime().availableProcessors(), 1024, 16 * 1024, DEFAULT_MAX_PARTIAL_FRAME_BYTES_PER_WORKER,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, 0, DEFAULT_PEER_PROBE_PERIOD_MS,
                SendQuotaSettings.defaults());
    }

    /** Fails, naming both settings, when one frame of {@code maxFrameBytes} in progress would pass the partial-frame budget. */
    public void checkFrameFits(int maxFrameBytes) {
        if (maxPartialFrameBytesPerWorker < maxFrameBytes) {
            throw new IllegalArgumentException("TransportSettings.maxPartialFrameBytesPerWorker (" + maxPartialFrameBytesPerWorker
                    + ") must be >= maxFrameBytes (" + maxFrameBytes + "): one legal frame in progress would pass the budget");
        }
    }

    public TransportSettings withBackend(Backend value) {
        return Records.with(this, "backend", value);
    }

    public TransportSettings withIoUring(IoUringSettings value) {
        return Records.with(this, "ioUring", value);
    }

    public TransportSettings withIocp(IocpSettings value) {
        return Records.with(this, "iocp", value);
    }

    public TransportSettings withSocket(SocketSettings value) {
        return Records.with(this, "socket", value);
    }

    public TransportSettings withWorkers(int value) {
        return Records.with(this, "workers", value);
    }

    public TransportSettings withBacklog(int value) {
        return Records.with(this, "backlog", value);
    }

    public TransportSettings withOutboundChunkBytes(int value) {
        return Records.with(this, "outboundChunkBytes", value);
    }

    public TransportSettings withMaxPartialFrameBytesPerWorker(long value) {
        return Records.with(this, "maxPartialFrameBytesPerWorker", value);
    }

    public TransportSettings withMaxConnections(int value) {
        return Records.with(this, "maxConnections", value);
    }

    public TransportSettings withMaxConnectionsPerAddress(int value) {
        return Records.with(this, "maxConnectionsPerAddress", value);
    }

    public TransportSettings withIdleTimeoutMs(long value) {
        return Records.with(this, "idleTimeoutMs", value);
    }

    public TransportSettings withPeerProbePeriodMs(long value) {
        return Records.with(this, "peerProbePeriodMs", value);
    }

    public TransportSettings withSendQuota(SendQuotaSettings value) {
        return Records.with(this, "sendQuota", value);
    }
}

package io.gameport.net;

import io.gameport.transport.SocketOptions;

/**
 * Settings of the transport layer: which backend, how many I/O workers, frame limits, buffers
 * and the send quota. Validated on construction, so a bad value fails at start-up with a message
 * naming the setting.
 *
 * @param backend             {@code auto} (iocp on Windows, io_uring on Linux, else nio2), {@code io_uring}, {@code iocp} or {@code nio2}
 * @param workers             I/O worker threads
 * @param maxFrameBytes       the largest frame payload a peer may send; a larger header closes the connection
 * @param backlog             listen backlog
 * @param outboundChunkBytes  size of the native chunks outbound frames are copied into
 * @param socketOptions       options applied to every accepted or connected socket
 * @param sendQuota           caps on pending outbound data
 * @param maxPartialFrameBytesPerWorker heap that partly received frames of one I/O worker's connections
 *                            may hold together (assembly buffers grow with the bytes received, never
 *                            with the announced length); past it the connection holding the most is
 *                            closed ({@link CloseReason#PARTIAL_FRAME_BUDGET}). At least
 *                            {@code maxFrameBytes}, checked at start-up, so one legal frame always fits.
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
 */
public record TransportConfig(String backend, int workers, int maxFrameBytes, int backlog,
                              int outboundChunkBytes, SocketOptions socketOptions, SendQuotaConfig sendQuota,
                              long maxPartialFrameBytesPerWorker, int maxConnections, int maxConnectionsPerAddress,
                              long idleTimeoutMs) {

    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    /** 32 MiB: 32 maximum frames in flight per worker at the default frame size, a few MiB of ordinary split frames. */
    public static final long DEFAULT_MAX_PARTIAL_FRAME_BYTES_PER_WORKER = 32L << 20;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** A few hundred: players behind one carrier-grade NAT address must not lock each other out. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;

    public TransportConfig {
        if (backend == null || !(backend.equals("auto") || backend.equals("io_uring") || backend.equals("iocp") || backend.equals("nio2"))) {
            throw new IllegalArgumentException("backend must be one of auto, io_uring, iocp, nio2; was " + backend);
        }
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers must be in 1..256, was " + workers);
        }
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 0, was " + maxFrameBytes);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be >= 1, was " + backlog);
        }
        if (outboundChunkBytes < 256) {
            throw new IllegalArgumentException("outboundChunkBytes must be >= 256, was " + outboundChunkBytes);
        }
        if (socketOptions == null || sendQuota == null) {
            throw new IllegalArgumentException("socketOptions and sendQuota must be set");
        }
        if (maxPartialFrameBytesPerWorker < 1) {
            throw new IllegalArgumentException("maxPartialFrameBytesPerWorker must be >= 1, was " + maxPartialFrameBytesPerWorker);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
        }
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must be >= 1, was " + maxConnectionsPerAddress);
        }
        if (idleTimeoutMs < 0 || (idleTimeoutMs > 0 && idleTimeoutMs < 4)) {
            throw new IllegalArgumentException("idleTimeoutMs must be 0 (off) or >= 4, was " + idleTimeoutMs);
        }
    }

    /** Settings that relate to each other; checked when a worker group starts. */
    void checkConsistent() {
        if (maxPartialFrameBytesPerWorker < maxFrameBytes) {
            throw new IllegalArgumentException("maxPartialFrameBytesPerWorker (" + maxPartialFrameBytesPerWorker
                    + ") must be >= maxFrameBytes (" + maxFrameBytes + "): one legal frame in progress would pass the budget");
        }
    }

    public static TransportConfig defaults() {
        return new TransportConfig("auto", Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_FRAME_BYTES, 1024,
                16 * 1024, SocketOptions.DEFAULTS, SendQuotaConfig.DEFAULTS,
                DEFAULT_MAX_PARTIAL_FRAME_BYTES_PER_WORKER, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, 0);
    }

    public TransportConfig withBackend(String value) {
        return new TransportConfig(value, workers, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, sendQuota, maxPartialFrameBytesPerWorker, maxConnections, maxConnectionsPerAddress, idleTimeoutMs);
    }

    public TransportConfig withWorkers(int value) {
        return new TransportConfig(backend, value, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, sendQuota, maxPartialFrameBytesPerWorker, maxConnections, maxConnectionsPerAddress, idleTimeoutMs);
    }

    public TransportConfig withMaxFrameBytes(int value) {
        return new TransportConfig(backend, workers, value, backlog, outboundChunkBytes, socketOptions, sendQuota, maxPartialFrameBytesPerWorker, maxConnections, maxConnectionsPerAddress, idleTimeoutMs);
    }

    public TransportConfig withSendQuota(SendQuotaConfig value) {
        return new TransportConfig(backend, workers, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, value, maxPartialFrameBytesPerWorker, maxConnections, maxConnectionsPerAddress, idleTimeoutMs);
    }

    public TransportConfig withSocketOptions(SocketOptions value) {
        return new TransportConfig(backend, workers, maxFrameBytes, backlog, outboundChunkBytes, value, sendQuota, maxPartialFrameBytesPerWorker, maxConnections, maxConnectionsPerAddress, idleTimeoutMs);
    }

    public TransportConfig withMaxPartialFrameBytesPerWorker(long value) {
        return new TransportConfig(backend, workers, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, sendQuota, value, maxConnections, maxConnectionsPerAddress, idleTimeoutMs);
    }

    public TransportConfig withMaxConnections(int value) {
        return new TransportConfig(backend, workers, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, sendQuota,
                maxPartialFrameBytesPerWorker, value, maxConnectionsPerAddress, idleTimeoutMs);
    }

    public TransportConfig withMaxConnectionsPerAddress(int value) {
        return new TransportConfig(backend, workers, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, sendQuota,
                maxPartialFrameBytesPerWorker, maxConnections, value, idleTimeoutMs);
    }

    public TransportConfig withIdleTimeoutMs(long value) {
        return new TransportConfig(backend, workers, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, sendQuota,
                maxPartialFrameBytesPerWorker, maxConnections, maxConnectionsPerAddress, value);
    }
}

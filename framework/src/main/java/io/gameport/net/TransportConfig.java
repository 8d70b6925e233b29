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
 */
public record TransportConfig(String backend, int workers, int maxFrameBytes, int backlog,
                              int outboundChunkBytes, SocketOptions socketOptions, SendQuotaConfig sendQuota) {

    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

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
    }

    public static TransportConfig defaults() {
        return new TransportConfig("auto", Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_FRAME_BYTES, 1024,
                16 * 1024, SocketOptions.DEFAULTS, SendQuotaConfig.DEFAULTS);
    }

    public TransportConfig withBackend(String value) {
        return new TransportConfig(value, workers, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, sendQuota);
    }

    public TransportConfig withWorkers(int value) {
        return new TransportConfig(backend, value, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, sendQuota);
    }

    public TransportConfig withMaxFrameBytes(int value) {
        return new TransportConfig(backend, workers, value, backlog, outboundChunkBytes, socketOptions, sendQuota);
    }

    public TransportConfig withSendQuota(SendQuotaConfig value) {
        return new TransportConfig(backend, workers, maxFrameBytes, backlog, outboundChunkBytes, socketOptions, value);
    }

    public TransportConfig withSocketOptions(SocketOptions value) {
        return new TransportConfig(backend, workers, maxFrameBytes, backlog, outboundChunkBytes, value, sendQuota);
    }
}

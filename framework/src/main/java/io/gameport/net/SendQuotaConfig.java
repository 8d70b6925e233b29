package io.gameport.net;

/**
 * Caps on pending outbound data (queued plus in flight). The per-connection caps keep one slow
 * reader from growing the server's memory; the global cap bounds all of them together.
 *
 * @param maxPendingMessagesPerConnection frames queued or in flight on one connection
 * @param maxPendingBytesPerConnection    bytes (length prefixes included) queued or in flight on one connection
 * @param maxPendingBytesGlobal           bytes queued or in flight on all connections of the server
 * @param policy                          what a send over any cap does
 */
public record SendQuotaConfig(int maxPendingMessagesPerConnection, long maxPendingBytesPerConnection,
                              long maxPendingBytesGlobal, SendQuotaPolicy policy) {

    /**
     * 16,384 frames and 64 MiB per connection, disconnect; the global cap is derived from the JVM's
     * direct-memory limit L ({@link #defaultGlobalBytes}), because queued frames live in direct memory.
     */
    public static final SendQuotaConfig DEFAULTS =
            new SendQuotaConfig(16_384, 64L << 20, defaultGlobalBytes(DirectMemory.jvmMaxBytes()), SendQuotaPolicy.DISCONNECT);

    /**
     * Half the JVM's direct-memory limit (the other half is for the workers' chunk pools, receive
     * buffers and everyone else in the process), at least the 64 MiB one connection may hold and at
     * most 1 GiB: 128 MiB under {@code -Xmx256m}, 1 GiB from 2 GiB up.
     */
    public static long defaultGlobalBytes(long jvmMaxDirectBytes) {
        return Math.max(64L << 20, Math.min(1L << 30, jvmMaxDirectBytes / 2));
    }

    public SendQuotaConfig {
        if (maxPendingMessagesPerConnection <= 0) {
            throw new IllegalArgumentException("maxPendingMessagesPerConnection must be > 0, was " + maxPendingMessagesPerConnection);
        }
        if (maxPendingBytesPerConnection <= 0) {
            throw new IllegalArgumentException("maxPendingBytesPerConnection must be > 0, was " + maxPendingBytesPerConnection);
        }
        if (maxPendingBytesGlobal < maxPendingBytesPerConnection) {
            throw new IllegalArgumentException("maxPendingBytesGlobal (" + maxPendingBytesGlobal
                    + ") must be >= maxPendingBytesPerConnection (" + maxPendingBytesPerConnection + ")");
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy must be set");
        }
    }

    public SendQuotaConfig withPolicy(SendQuotaPolicy newPolicy) {
        return new SendQuotaConfig(maxPendingMessagesPerConnection, maxPendingBytesPerConnection, maxPendingBytesGlobal, newPolicy);
    }
}

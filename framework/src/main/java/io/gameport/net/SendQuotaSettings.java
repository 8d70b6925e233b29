package io.gameport.net;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * Caps on pending outbound data (queued plus in flight). The per-connection caps keep one slow
 * reader from growing the server's memory; the global cap bounds all of them together. Immutable;
 * validated on construction. Whether the global cap fits in the JVM's direct memory is checked
 * when the transport starts ({@link DirectMemory}).
 *
 * @param maxPendingMessagesPerConnection frames queued or in flight on one connection
 * @param maxPendingBytesPerConnection    bytes (length prefixes included) queued or in flight on one connection
 * @param maxPendingBytesGlobal           bytes queued or in flight on all connections of the server
 * @param policy                          what a send over any cap does
 */
public record SendQuotaSettings(int maxPendingMessagesPerConnection, long maxPendingBytesPerConnection,
                                long maxPendingBytesGlobal, SendQuotaPolicy policy) {

    public SendQuotaSettings {
        Require.atLeast("SendQuotaSettings.maxPendingMessagesPerConnection", maxPendingMessagesPerConnection, 1);
        Require.atLeast("SendQuotaSettings.maxPendingBytesPerConnection", maxPendingBytesPerConnection, 1);
        Require.atLeast("SendQuotaSettings.maxPendingBytesGlobal", maxPendingBytesGlobal,
                "maxPendingBytesPerConnection", maxPendingBytesPerConnection);
        Require.set("SendQuotaSettings.policy", policy);
    }

    /**
     * 16,384 frames and 64 MiB per connection, disconnect; the global cap is derived from the JVM's
     * direct-memory limit ({@link #defaultGlobalBytes}), because queued frames live in direct memory.
     */
    public static SendQuotaSettings defaults() {
        return new SendQuotaSettings(16_384, 64L << 20, defaultGlobalBytes(DirectMemory.jvmMaxBytes()), SendQuotaPolicy.DISCONNECT);
    }

    /**
     * Half the JVM's direct-memory limit (the other half is for the workers' chunk pools, receive
     * buffers and everyone else in the process), at least the 64 MiB one connection may hold and at
     * most 1 GiB: 128 MiB under {@code -Xmx256m}, 1 GiB from 2 GiB up.
     */
    public static long defaultGlobalBytes(long jvmMaxDirectBytes) {
        return Math.max(64L << 20, Math.min(1L << 30, jvmMaxDirectBytes / 2));
    }

    public SendQuotaSettings withMaxPendingMessagesPerConnection(int value) {
        return Records.with(this, "maxPendingMessagesPerConnection", value);
    }

    public SendQuotaSettings withMaxPendingBytesPerConnection(long value) {
        return Records.with(this, "maxPendingBytesPerConnection", value);
    }

    public SendQuotaSettings withMaxPendingBytesGlobal(long value) {
        return Records.with(this, "maxPendingBytesGlobal", value);
    }

    public SendQuotaSettings withPolicy(SendQuotaPolicy value) {
        return Records.with(this, "policy", value);
    }
}

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

    public static final SendQuotaConfig DEFAULTS =
            new SendQuotaConfig(16_384, 64L << 20, 1L << 30, SendQuotaPolicy.DISCONNECT);

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

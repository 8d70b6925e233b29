package io.gameport.net;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JVM's limit on direct buffers and the start-up check of the settings that spend it.
 * Outbound frames wait in direct chunks until the kernel has taken them, so the send quota's
 * global cap is direct memory: a cap above the JVM's limit would fail allocations instead of
 * applying the quota's policy.
 */
public final class DirectMemory {

    private DirectMemory() {
    }

    /** {@code -XX:MaxDirectMemorySize}, or the maximum heap when it is unset (the JVM's own default). */
    public static long jvmMaxBytes() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long configured = Long.parseLong(bean.getVMOption("MaxDirectMemorySize").getValue());
            if (configured > 0) {
                return configured;
            }
        } catch (RuntimeException | LinkageError e) {
            // Not a HotSpot JVM: its default is the heap's maximum too.
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Direct memory the settings let the transport hold for outbound data: the send quota's global
     * cap plus each worker's floor of retained chunks (above the floor a pool keeps only what was
     * in use at once, which the quota already bounds).
     */
    static long outboundBytes(TransportSettings config) {
        return config.sendQuota().maxPendingBytesGlobal()
                + (long) config.workers() * IoWorker.RETAINED_CHUNKS_FLOOR * config.outboundChunkBytes();
    }

    /** Fails start-up, naming the settings and the limit, when they could spend more direct memory than the JVM allows. */
    static void check(TransportSettings config, long jvmMaxBytes) {
        long needed = outboundBytes(config);
        if (needed > jvmMaxBytes) {
            throw new IllegalArgumentException("direct memory: TransportSettings.sendQuota.maxPendingBytesGlobal ("
                    + config.sendQuota().maxPendingBytesGlobal() + ") + TransportSettings.workers (" + config.workers() + ") x "
                    + IoWorker.RETAINED_CHUNKS_FLOOR + " retained chunks of TransportSettings.outboundChunkBytes (" + config.outboundChunkBytes()
                    + ") = " + needed + " bytes, more than the JVM's maximum direct memory (" + jvmMaxBytes
                    + " bytes: -XX:MaxDirectMemorySize, or -Xmx when it is unset); lower those settings or raise the limit");
        }
    }
}

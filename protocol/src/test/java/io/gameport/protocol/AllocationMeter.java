package io.gameport.protocol;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the Java heap by the current thread, from HotSpot's per-thread TLAB
 * accounting. Lets a test bound what one decode call allocates.
 */
final class AllocationMeter {
    private final com.sun.management.ThreadMXBean threads;

    private AllocationMeter(com.sun.management.ThreadMXBean threads) {
        this.threads = threads;
    }

    /** The meter, or {@code null} when the JVM does not account allocations per thread. */
    static AllocationMeter create() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            return null;
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        return new AllocationMeter(threads);
    }

    long allocatedBytes() {
        return threads.getCurrentThreadAllocatedBytes();
    }
}

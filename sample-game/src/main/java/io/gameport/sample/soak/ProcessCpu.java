package io.gameport.sample.soak;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** This process's CPU use between two reads, from the CPU time the JVM reports for it. */
final class ProcessCpu {

    private final com.sun.management.OperatingSystemMXBean os;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private long lastCpuNanos;
    private long lastWallNanos;

    private ProcessCpu(com.sun.management.OperatingSystemMXBean os) {
        this.os = os;
        this.lastCpuNanos = os == null ? -1 : os.getProcessCpuTime();
        this.lastWallNanos = System.nanoTime();
    }

    /** Reads through the JDK's management extension, where this JVM has it (HotSpot and OpenJ9 do). */
    static ProcessCpu current() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return new ProcessCpu(os instanceof com.sun.management.OperatingSystemMXBean extended ? extended : null);
    }

    /**
     * Percent of all cores this process used since the previous read (100 = every core busy), or
     * -1 when the JVM does not report process CPU time.
     */
    synchronized double sinceLastRead() {
        long cpuNanos = os == null ? -1 : os.getProcessCpuTime();
        long wallNanos = System.nanoTime();
        double percent = cpuNanos < 0 || lastCpuNanos < 0 || wallNanos == lastWallNanos ? -1
                : 100.0 * (cpuNanos - lastCpuNanos) / ((double) (wallNanos - lastWallNanos) * cores);
        lastCpuNanos = cpuNanos;
        lastWallNanos = wallNanos;
        return percent;
    }
}

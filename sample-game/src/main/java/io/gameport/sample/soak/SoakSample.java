package io.gameport.sample.soak;

/**
 * One second of a soak, as the report charts it. Rates are per second over the second that
 * ended at {@code seconds}; latencies are of what was recorded in that second (null when nothing
 * was, so a chart shows a gap rather than a made-up zero); errors and disconnects are totals
 * since the soak started.
 *
 * @param seconds        since the soak started (ramp-up included)
 * @param tickP99LateMs  null when the room server is not in this process
 * @param processCpuPercent this process's CPU over the second, in percent of all cores (null when the JVM cannot tell)
 */
public record SoakSample(double seconds, double msgsInPerSecond, double msgsOutPerSecond, Double rttP50Ms,
        Double rttP99Ms, Double rttP999Ms, Double tickP99LateMs, int botsInRoom, int botsLoggedIn, long errors,
        long disconnects, Double processCpuPercent, double heapUsedMiB, double heapCommittedMiB) {
}

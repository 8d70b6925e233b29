package io.gameport.sample.soak;

/**
 * What a soak measured in its steady-state window; {@link #machineLine()} is the last line printed.
 * {@code roomServers}: how many room servers the bots were placed on. {@code resumes} and
 * {@code resumeFailures} count room sessions resumed and lost after a dropped connection;
 * {@code lost} and {@code duplicated} count numbered messages (ticks and chat lines at the bots,
 * moves and chat lines at the room servers) that skipped or repeated a number, over the whole run.
 */
public record SoakReport(int bots, int seconds, int botsInRoom, double msgsInPerSecond, double msgsOutPerSecond,
        double rttP50Ms, double rttP99Ms, double rttP999Ms, double tickP99LateMs, long errors, long disconnects,
        int roomServers, long resumes, long resumeFailures, long lost, long duplicated) {

    /** On one room server. */
    public SoakReport(int bots, int seconds, int botsInRoom, double msgsInPerSecond, double msgsOutPerSecond,
            double rttP50Ms, double rttP99Ms, double rttP999Ms, double tickP99LateMs, long errors, long disconnects) {
        this(bots, seconds, botsInRoom, msgsInPerSecond, msgsOutPerSecond, rttP50Ms, rttP99Ms, rttP999Ms, tickP99LateMs,
                errors, disconnects, 1, 0, 0, 0, 0);
    }

    /** Zero when every bot played the whole window without an error, a disconnect, or a message lost or seen twice. */
    public int exitStatus() {
        return errors == 0 && disconnects == 0 && lost == 0 && duplicated == 0 && botsInRoom == bots ? 0 : 1;
    }

    public String machineLine() {
        return String.format(java.util.Locale.ROOT,
                "SOAK bots=%d seconds=%d msgs_in_per_s=%.1f msgs_out_per_s=%.1f rtt_p50_ms=%.3f rtt_p99_ms=%.3f"
                        + " rtt_p999_ms=%.3f tick_p99_late_ms=%.3f errors=%d disconnects=%d room_servers=%d"
                        + " resumes=%d resume_failures=%d lost=%d duplicated=%d",
                bots, seconds, msgsInPerSecond, msgsOutPerSecond, rttP50Ms, rttP99Ms, rttP999Ms, tickP99LateMs, errors,
                disconnects, roomServers, resumes, resumeFailures, lost, duplicated);
    }
}

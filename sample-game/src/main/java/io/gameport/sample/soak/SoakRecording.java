package io.gameport.sample.soak;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a soak's HTML report shows.
 *
 * @param settings          the run's settings, name to value, in the order to show them
 * @param serverBackend     the in-process servers' I/O backend, or null when they run elsewhere
 * @param steadyFromSeconds when the steady window started, in seconds since the start; -1 if it never did
 */
record SoakRecording(SoakReport report, List<Map.Entry<String, String>> settings, String serverBackend,
        String clientBackend, MachineInfo machine, List<SoakSample> samples, double steadyFromSeconds, Instant finishedAt) {

    SoakRecording {
        settings = List.copyOf(settings);
        samples = List.copyOf(samples);
    }

    boolean roomsInProcess() {
        return serverBackend != null;
    }
}

package io.gameport.sample.soak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A recorded soak of a few seconds, for report tests that need no run. */
final class RecordedSoak {

    static final List<String> CHARTS = List.of("messages", "rtt", "tick", "bots", "errors", "cpu", "heap");

    private RecordedSoak() {
    }

    /** Ten seconds: four of ramp-up (no latencies yet in the first two), then six steady. */
    static SoakRecording withSetting(String name, String value) {
        return recorded(name, value, "io_uring");
    }

    /** The same seconds from bots whose servers run elsewhere: no tick lateness. */
    static SoakRecording withServersElsewhere() {
        return recorded("servers", "elsewhere", null);
    }

    private static SoakRecording recorded(String name, String value, String serverBackend) {
        List<SoakSample> samples = new ArrayList<>();
        for (int second = 1; second <= 10; second++) {
            boolean measured = second > 2;
            int inRoom = Math.min(20, second * 5);
            samples.add(new SoakSample(second, 20.0 * inRoom, 25.0 * inRoom, measured ? 1.5 + second / 10.0 : null,
                    measured ? 4.0 + second / 5.0 : null, measured ? 6.5 : null, serverBackend == null ? null : 0.4 + second / 20.0, inRoom,
                    Math.min(20, second * 6), second > 7 ? 1 : 0, 0, 35.0 + second, 40.0 + second, 64.0));
        }
        SoakReport report = new SoakReport(20, 6, 20, 400, 500, 1.9, 5.2, 6.5, 0.8, 1, 0);
        return new SoakRecording(report, List.of(Map.entry("bots", "20"), Map.entry(name, value)), serverBackend, "io_uring",
                new MachineInfo(2, "Test CPU", "Test JVM 17", "Test OS", 1024), samples, 4.0, Instant.parse("2026-12-02T17:00:00Z"));
    }
}

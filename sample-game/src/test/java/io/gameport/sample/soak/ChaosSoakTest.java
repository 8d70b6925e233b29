package io.gameport.sample.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A small chaos soak, the CI-sized {@code soak --bots 20 --seconds 10 --chaos}: the bots' room
 * connections go through the fault proxy, dropped by reset or black hole about twelve times a
 * minute each (a fixed seed), and the room sessions resume: nothing lost, nothing twice, no error.
 */
class ChaosSoakTest {

    private static final Pattern MACHINE_LINE = Pattern.compile("SOAK bots=20 seconds=10 msgs_in_per_s=[0-9.]+"
            + " msgs_out_per_s=[0-9.]+ rtt_p50_ms=[0-9.]+ rtt_p99_ms=[0-9.]+ rtt_p999_ms=[0-9.]+"
            + " tick_p99_late_ms=[0-9.]+ errors=0 disconnects=0 room_servers=1 resumes=([0-9]+) resume_failures=0 lost=0 duplicated=0");

    @Test
    @Timeout(180)
    void twentyBotsDroppedAtRandomResumeWithNothingLostNothingTwiceAndNoError() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SoakReport report = SoakRunner.run(new SoakOptions(20, 10, 10, 20, 500, 1_000, null, "chaos-test-", 2, 2, "auto", 0, 0)
                .withChaos(new SoakChaos(12, 2026)), out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.strip().split("\n");
        Matcher last = MACHINE_LINE.matcher(lines[lines.length - 1]);
        assertTrue(last.matches(), text);
        assertEquals(0, report.exitStatus(), text);
        assertTrue(report.resumes() >= 10, "the drops were resumed: " + text);
        assertEquals(report.resumes(), Long.parseLong(last.group(1)));
        assertTrue(text.contains("chaos: the bots' room connections go through a fault proxy"), text);
        assertTrue(text.matches("(?s).*chaos: [0-9]+ drops injected \\([0-9]+ resets, [0-9]+ black holes\\).*"), text);
    }
}

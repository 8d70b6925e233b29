package io.gameport.sample.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.net.TransportSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SoakRunnerTest {

    private static final Pattern MACHINE_LINE = Pattern.compile("SOAK bots=200 seconds=3 msgs_in_per_s=[0-9.]+"
            + " msgs_out_per_s=[0-9.]+ rtt_p50_ms=[0-9.]+ rtt_p99_ms=[0-9.]+ rtt_p999_ms=[0-9.]+"
            + " tick_p99_late_ms=[0-9.]+ errors=0 disconnects=0 room_servers=1 resumes=0 resume_failures=0 lost=0 duplicated=0");

    @Test
    @Timeout(180)
    void twoHundredBotsPlayWithZeroErrorsAndTheLastLineIsMachineReadable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SoakReport report = SoakRunner.run(new SoakOptions(200, 3, 50, 20, 1_000, 1_000, null, "soak-test-", 1, 2, "auto", 0, 0), out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.strip().split("\n");
        assertEquals(0, report.exitStatus(), text);
        assertEquals(200, report.botsInRoom(), text);
        assertTrue(MACHINE_LINE.matcher(lines[lines.length - 1]).matches(), lines[lines.length - 1]);
        assertTrue(text.contains("ramp-up: 200 of 200 bots"), text);
        assertTrue(report.msgsOutPerSecond() > report.msgsInPerSecond(), "broadcasts outnumber inputs: " + text);
        assertTrue(report.rttP50Ms() > 0, text);
    }

    @Test
    @Timeout(180)
    void aSoakSpansSeveralRoomServersBehindTheInProcessDirectory() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SoakReport report = SoakRunner.run(new SoakOptions(90, 2, 10, 20, 1_000, 1_000, null, "spread-", 1, 2, "auto", 0, 0, 3,
                null), out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.strip().split("\n");
        assertEquals(0, report.exitStatus(), text);
        assertEquals(3, report.roomServers(), "the bots were placed on all three: " + text);
        assertTrue(lines[lines.length - 1].startsWith("SOAK bots=90 seconds=2 "), lines[lines.length - 1]);
        assertTrue(lines[lines.length - 1].endsWith(" errors=0 disconnects=0 room_servers=3 resumes=0 resume_failures=0 lost=0 duplicated=0"), lines[lines.length - 1]);
        assertTrue(text.contains("room directory in process"), text);
    }

    @Test
    void inProcessServersMakeRoomForEveryBotFromLoopbackUnlessTheCapsAreNamed() {
        TransportSettings base = TransportSettings.defaults();
        TransportSettings forThousand = SoakRunner.serverTransport(
                new SoakOptions(1_000, 3, 50, 20, 1_000, 1_000, null, "p-", 1, 2, "auto", 0, 0), base);
        assertTrue(forThousand.maxConnectionsPerAddress() >= 2_000, "a login and a room connection per bot, all from 127.0.0.1");
        assertTrue(forThousand.maxConnections() >= 2_000);
        TransportSettings named = SoakRunner.serverTransport(
                new SoakOptions(1_000, 3, 50, 20, 1_000, 1_000, null, "p-", 1, 2, "auto", 300, 40), base);
        assertEquals(300, named.maxConnections());
        assertEquals(40, named.maxConnectionsPerAddress());
    }
}

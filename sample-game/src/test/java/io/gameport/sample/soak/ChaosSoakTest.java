package io.gameport.sample.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.net.TransportSettings;
import io.gameport.sample.SampleTls;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small chaos soak, the CI-sized {@code soak --bots 20 --seconds 10 --chaos}: the bots' room
 * connections go through the fault proxy, dropped by reset or black hole about twelve times a
 * minute each (a fixed seed), and the room sessions resume: nothing lost, nothing twice, no error.
 * And its {@code bots --login ... --chaos} face, against servers the soak did not start.
 */
class ChaosSoakTest {

    private static final byte[] SECRET = "chaos-soak-test-ticket-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

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

    /**
     * The login server names its room server as "localhost" (the certificate's name): the bots reach
     * it through a proxy of their own on another port, still checking the certificate against that
     * name, and their drops resume. Without the route the bots would go straight to the room server
     * and nothing would be dropped.
     */
    @Test
    @Timeout(180)
    void botsAgainstServersElsewhereGoThroughTheirOwnProxyAndResumeOverTls() throws Exception {
        SampleTls tls = SampleTls.generated();
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults().withDefaultCapacity(10), SECRET).withResumeGraceMs(30_000), tls.server());
             LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                     AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                     1, 64, SECRET, 60_000, 1_000, 1_000, "localhost", rooms.port()), tls.server())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            SoakReport report = SoakRunner.run(new SoakOptions(10, 8, 10, 20, 500, 1_000,
                    new InetSocketAddress("127.0.0.1", login.port()), "remote-chaos-", 2, 1, "auto", 0, 0)
                    .withChaos(new SoakChaos(12, 2027)), out, tls);
            String text = bytes.toString(StandardCharsets.UTF_8);
            String[] lines = text.strip().split("\n");
            assertTrue(lines[lines.length - 1].matches("SOAK bots=10 seconds=8 .* errors=0 disconnects=0 room_servers=1"
                    + " resumes=[0-9]+ resume_failures=0 lost=0 duplicated=0"), text);
            assertEquals(0, report.exitStatus(), text);
            assertTrue(report.resumes() >= 5, "the drops were resumed: " + text);
            assertTrue(text.contains("chaos: the bots' room connections go through a fault proxy in this process"), text);
            Matcher drops = Pattern.compile("chaos: ([0-9]+) drops injected \\([0-9]+ resets, [0-9]+ black holes\\), ([0-9]+)"
                    + " room connections through the proxy").matcher(text);
            assertTrue(drops.find(), text);
            assertTrue(Long.parseLong(drops.group(1)) >= 5 && Long.parseLong(drops.group(2)) >= 10, text);
        }
    }
}

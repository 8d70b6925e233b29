package io.gameport.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.sample.soak.SoakOptions;
import io.gameport.sample.soak.SoakReport;
import io.gameport.sample.soak.SoakRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sample's TLS: bots play over TLS against servers presenting a certificate made for the run; bad files are usage errors naming them. */
class SampleTlsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void botsPlayOverTlsWithTheRunsGeneratedCertificate() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SoakReport report;
        try (SampleTls tls = SampleTls.generated()) {
            report = SoakRunner.run(new SoakOptions(20, 2, 10, 20, 500, 1_000, null, "tls-test-", 1, 2, "auto", 0, 0), out, tls);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tls: on (TLSv1.3, certificate generated for this run)"), text);
        assertEquals(0, report.exitStatus(), text);
        assertEquals(20, report.botsInRoom(), text);
        assertTrue(report.rttP50Ms() > 0, text);
    }

    @Test
    void serverCertificateOptionsGoTogetherAndNameTheBadFile() throws Exception {
        CommandRun alone = CommandRun.of("echo-server", "--port", "0", "--tls-cert", "x.pem");
        assertEquals(2, alone.status(), alone.toString());
        assertEquals("echo-server: --tls-cert and --tls-key go together", alone.errLine());

        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, "not pem");
        CommandRun bad = CommandRun.of("room-server", "--port", "0", "--ticket-secret-file", secretFile().toString(),
                "--tls-cert", cert.toString(), "--tls-key", dir.resolve("key.pem").toString());
        assertEquals(2, bad.status(), bad.toString());
        assertTrue(bad.errLine().startsWith("room-server: certificate chain " + cert) && bad.errLine().contains("not a PEM file"),
                bad.toString());

        CommandRun missing = CommandRun.of("bots", "--login", "127.0.0.1:1", "--tls-trust", dir.resolve("missing.pem").toString());
        assertEquals(2, missing.status(), missing.toString());
        assertTrue(missing.errLine().startsWith("bots: ") && missing.errLine().contains("missing.pem: file not found"), missing.toString());
    }

    private Path secretFile() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "tls-test-ticket-secret-0123456789abcdef");
        return file;
    }
}

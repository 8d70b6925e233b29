package io.gameport.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.sample.soak.SoakOptions;
import io.gameport.sample.soak.SoakReport;
import io.gameport.sample.soak.SoakRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
        CommandLine certOnly = new CommandLine("echo-server", List.of("--tls-cert", "x.pem"), ServerOptions.serverOptions(Set.of()), Set.of());
        CommandLine.UsageException alone = assertThrows(CommandLine.UsageException.class, () -> ServerOptions.serverTls(certOnly, "echo-server"));
        assertTrue(alone.getMessage().contains("--tls-cert and --tls-key go together"), alone.getMessage());

        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, "not pem");
        CommandLine both = new CommandLine("room-server", List.of("--tls-cert", cert.toString(), "--tls-key", dir.resolve("key.pem").toString()),
                ServerOptions.serverOptions(Set.of()), Set.of());
        CommandLine.UsageException bad = assertThrows(CommandLine.UsageException.class, () -> ServerOptions.serverTls(both, "room-server"));
        assertTrue(bad.getMessage().startsWith("room-server: certificate chain " + cert) && bad.getMessage().contains("not a PEM file"),
                bad.getMessage());

        CommandLine trust = new CommandLine("bots", List.of("--tls-trust", dir.resolve("missing.pem").toString()), Set.of("--tls-trust"), Set.of());
        CommandLine.UsageException missing = assertThrows(CommandLine.UsageException.class, () -> ServerOptions.clientTls(trust, "bots"));
        assertTrue(missing.getMessage().contains("missing.pem: file not found"), missing.getMessage());
    }
}

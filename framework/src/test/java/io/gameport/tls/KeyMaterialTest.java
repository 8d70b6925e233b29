package io.gameport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad TLS configuration fails at start-up with a message naming the file and the problem. */
class KeyMaterialTest {

    @TempDir
    Path dir;

    @Test
    void pemChainAndPkcs8KeyLoadAndBuildAServerContext() throws Exception {
        Path[] files = TestCertificates.localhost().writePem(dir, "server");
        KeyMaterial material = KeyMaterial.fromPem(files[0], files[1]);
        assertEquals(1, material.chain().length);
        try (TlsContext context = TlsContext.server(TlsSettings.defaults(), material, null)) {
            assertTrue(context.packetBufferBytes() > 16 * 1024);
            assertEquals(false, context.newEngine("127.0.0.1", 1).getUseClientMode());
        }
    }

    @Test
    void missingCertificateFileIsNamed() throws Exception {
        Path[] files = TestCertificates.localhost().writePem(dir, "server");
        Path missing = dir.resolve("nope.pem");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(missing, files[1]));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("file not found"), e.getMessage());
    }

    @Test
    void missingKeyFileIsNamed() throws Exception {
        Path[] files = TestCertificates.localhost().writePem(dir, "server");
        Path missing = dir.resolve("key-gone.pem");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(files[0], missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("file not found"), e.getMessage());
    }

    @Test
    void fileWithoutPemBlocksIsRefused() throws Exception {
        Path[] files = TestCertificates.localhost().writePem(dir, "server");
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "this is not a certificate\n");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(garbage, files[1]));
        assertTrue(e.getMessage().contains(garbage.toString()) && e.getMessage().contains("not a PEM file"), e.getMessage());
    }

    @Test
    void certificateBlockThatDoesNotParseIsRefused() throws Exception {
        Path[] files = TestCertificates.localhost().writePem(dir, "server");
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, TestCertificates.pem("CERTIFICATE", new byte[] {1, 2, 3, 4, 5}));
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(broken, files[1]));
        assertTrue(e.getMessage().contains(broken.toString()) && e.getMessage().contains("does not parse"), e.getMessage());
    }

    @Test
    void keyFileWithoutAKeyIsRefused() throws Exception {
        Path[] files = TestCertificates.localhost().writePem(dir, "server");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(files[0], files[0]));
        assertTrue(e.getMessage().contains(files[0].toString()) && e.getMessage().contains("no PRIVATE KEY block"), e.getMessage());
    }

    @Test
    void pkcs1KeyIsRefusedWithHowToConvert() throws Exception {
        Path[] files = TestCertificates.localhost().writePem(dir, "server");
        Path pkcs1 = dir.resolve("rsa.pem");
        Files.writeString(pkcs1, TestCertificates.pem("RSA PRIVATE KEY", new byte[] {48, 0}));
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(files[0], pkcs1));
        assertTrue(e.getMessage().contains(pkcs1.toString()) && e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void keyOfAnotherCertificateIsRefused() throws Exception {
        Path[] mine = TestCertificates.localhost().writePem(dir, "mine");
        Path[] other = TestCertificates.localhost().writePem(dir, "other");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(mine[0], other[1]));
        assertTrue(e.getMessage().contains(mine[0].toString()) && e.getMessage().contains(other[1].toString())
                && e.getMessage().contains("does not match the certificate"), e.getMessage());
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        Path[] files = TestCertificates.selfSigned("old", List.of("localhost"), List.of(), Instant.now().minus(Duration.ofDays(10)),
                Instant.now().minus(Duration.ofDays(1))).writePem(dir, "old");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(files[0], files[1]));
        assertTrue(e.getMessage().contains(files[0].toString()) && e.getMessage().contains("expired on"), e.getMessage());
    }

    @Test
    void notYetValidCertificateIsRefused() throws Exception {
        Path[] files = TestCertificates.selfSigned("future", List.of("localhost"), List.of(), Instant.now().plus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(10))).writePem(dir, "future");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPem(files[0], files[1]));
        assertTrue(e.getMessage().contains("is not valid before"), e.getMessage());
    }

    @Test
    void pkcs12LoadsAndAWrongPasswordIsNamed() throws Exception {
        TestCertificates.Issued issued = TestCertificates.localhost();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", issued.keys().getPrivate(), "secret".toCharArray(), new java.security.cert.X509Certificate[] {issued.certificate()});
        Path p12 = dir.resolve("server.p12");
        try (var out = Files.newOutputStream(p12)) {
            store.store(out, "secret".toCharArray());
        }
        assertEquals(issued.certificate(), KeyMaterial.fromPkcs12(p12, "secret".toCharArray()).chain()[0]);
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> KeyMaterial.fromPkcs12(p12, "wrong".toCharArray()));
        assertTrue(e.getMessage().contains(p12.toString()) && e.getMessage().contains("wrong password"), e.getMessage());
    }

    @Test
    void trustRootsFileWithoutCertificatesIsRefused() throws Exception {
        Path[] files = TestCertificates.localhost().writePem(dir, "server");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TrustRoots.fromPem(files[1]));
        assertTrue(e.getMessage().contains(files[1].toString()) && e.getMessage().contains("no CERTIFICATE block"), e.getMessage());
        assertEquals(1, TrustRoots.fromPem(files[0]).certificates().size());
    }

    @Test
    void settingsNameTheBadField() {
        assertMessage(() -> TlsSettings.defaults().withProtocols(List.of("TLSv1.1")), "protocols may contain only TLSv1.3 and TLSv1.2, was TLSv1.1");
        assertMessage(() -> TlsSettings.defaults().withCipherSuites(List.of()), "cipherSuites must not be empty");
        assertMessage(() -> TlsSettings.defaults().withAlpnProtocol(""), "alpnProtocol must be 1..255 bytes");
        assertMessage(() -> TlsSettings.defaults().withClientAuth(null), "clientAuth must be set");
        assertMessage(() -> TlsSettings.defaults().withHandshakeTimeoutMillis(0), "handshakeTimeoutMillis must be in 1..600000, was 0");
        assertMessage(() -> TlsSettings.defaults().withCloseNotifyTimeoutMillis(0), "closeNotifyTimeoutMillis must be in 1..60000, was 0");
        assertMessage(() -> TlsSettings.defaults().withDelegatedTaskThreads(0), "delegatedTaskThreads must be in 1..64, was 0");
        assertMessage(() -> TlsSettings.defaults().withMaxBufferedCiphertextBytes(100), "maxBufferedCiphertextBytes must be >= 32768");
    }

    @Test
    void unsupportedCipherSuiteAndMissingClientRootsFailAtStartUp() {
        KeyMaterial material = TestCertificates.localhost().material();
        TlsConfigException suite = assertThrows(TlsConfigException.class, () -> TlsContext.server(
                TlsSettings.defaults().withCipherSuites(List.of("TLS_NO_SUCH_SUITE")), material, null));
        assertTrue(suite.getMessage().contains("cipherSuites: this JDK does not support TLS_NO_SUCH_SUITE"), suite.getMessage());
        TlsConfigException roots = assertThrows(TlsConfigException.class, () -> TlsContext.server(
                TlsSettings.defaults().withClientAuth(ClientAuth.REQUIRE), material, null));
        assertTrue(roots.getMessage().contains("clientAuth REQUIRE needs the roots"), roots.getMessage());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable action, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}

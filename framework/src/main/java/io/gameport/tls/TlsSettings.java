package io.gameport.tls;

import io.gameport.settings.Records;
import io.gameport.settings.Require;
import java.util.List;
import java.util.Set;

/**
 * TLS settings of one listener or one client, validated on construction so a bad value fails at
 * start-up naming the setting. Certificates and keys are not settings but {@link KeyMaterial} and
 * {@link TrustRoots}, combined with these in {@link TlsContext}.
 *
 * @param protocols              enabled protocol versions: {@code TLSv1.3} (default) and/or {@code TLSv1.2}; nothing older
 * @param cipherSuites           enabled suites, in preference order; the default is AEAD-only with forward secrecy
 * @param alpnProtocol           the ALPN protocol name both sides announce, or null for none; a client offering
 *                               ALPN without this name is refused by the server
 * @param clientAuth             whether a server asks for client certificates (ignored by clients)
 * @param hostnameVerification   clients check the server certificate names the host connected to (on by default)
 * @param handshakeTimeoutMillis a connection whose handshake has not finished this long after it opened is closed
 *                               ({@code TLS_HANDSHAKE_TIMEOUT})
 * @param closeNotifyTimeoutMillis how long a closing connection waits for its {@code close_notify} to be sent
 *                               before the socket is closed anyway
 * @param delegatedTaskThreads   threads that run the engine's delegated (handshake crypto) tasks off the I/O
 *                               workers; their queue is bounded by the connection caps (one task batch per connection)
 * @param maxBufferedCiphertextBytes ciphertext one connection may hold unprocessed (a partial record, or what
 *                               arrives while its handshake task runs); more closes it ({@code TLS_PROTOCOL_ERROR})
 */
public record TlsSettings(List<String> protocols, List<String> cipherSuites, String alpnProtocol, ClientAuth clientAuth,
                          boolean hostnameVerification, int handshakeTimeoutMillis, int closeNotifyTimeoutMillis,
                          int delegatedTaskThreads, int maxBufferedCiphertextBytes) {

    public static final String TLS13 = "TLSv1.3";
    public static final String TLS12 = "TLSv1.2";
    private static final Set<String> ALLOWED_PROTOCOLS = Set.of(TLS13, TLS12);

    /** TLS 1.3's three suites, then TLS 1.2's ECDHE + AEAD suites (used only when TLSv1.2 is enabled). */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_CLOSE_NOTIFY_TIMEOUT_MILLIS = 1_000;
    public static final int DEFAULT_DELEGATED_TASK_THREADS = 2;
    public static final int DEFAULT_MAX_BUFFERED_CIPHERTEXT_BYTES = 256 * 1024;

    public TlsSettings {
        if (protocols == null || protocols.isEmpty()) {
            throw new IllegalArgumentException("TlsSettings.protocols must name TLSv1.3 and/or TLSv1.2, was " + protocols);
        }
        for (String protocol : protocols) {
            if (!ALLOWED_PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException("TlsSettings.protocols may contain only TLSv1.3 and TLSv1.2, was " + protocol);
            }
        }
        protocols = List.copyOf(protocols);
        if (cipherSuites == null || cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("TlsSettings.cipherSuites must not be empty, was " + cipherSuites);
        }
        cipherSuites = List.copyOf(cipherSuites);
        if (alpnProtocol != null && (alpnProtocol.isEmpty() || alpnProtocol.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255)) {
            throw new IllegalArgumentException("TlsSettings.alpnProtocol must be 1..255 bytes or null, was '" + alpnProtocol + "'");
        }
        Require.set("TlsSettings.clientAuth", clientAuth);
        Require.inRange("TlsSettings.handshakeTimeoutMillis", handshakeTimeoutMillis, 1, 600_000);
        Require.inRange("TlsSettings.closeNotifyTimeoutMillis", closeNotifyTimeoutMillis, 1, 60_000);
        Require.inRange("TlsSettings.delegatedTaskThreads", delegatedTaskThreads, 1, 64);
        // Two records of 16 KiB.
        Require.atLeast("TlsSettings.maxBufferedCiphertextBytes", maxBufferedCiphertextBytes, 32 * 1024);
    }

    /** TLS 1.3 only, the default suites, no ALPN, no client certificates, hostname verification on. */
    public static TlsSettings defaults() {
        return new TlsSettings(List.of(TLS13), DEFAULT_CIPHER_SUITES, null, ClientAuth.NONE, true,
                DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, DEFAULT_CLOSE_NOTIFY_TIMEOUT_MILLIS, DEFAULT_DELEGATED_TASK_THREADS,
                DEFAULT_MAX_BUFFERED_CIPHERTEXT_BYTES);
    }

    public TlsSettings withProtocols(List<String> value) {
        return Records.with(this, "protocols", value);
    }

    public TlsSettings withCipherSuites(List<String> value) {
        return Records.with(this, "cipherSuites", value);
    }

    public TlsSettings withAlpnProtocol(String value) {
        return Records.with(this, "alpnProtocol", value);
    }

    public TlsSettings withClientAuth(ClientAuth value) {
        return Records.with(this, "clientAuth", value);
    }

    public TlsSettings withHostnameVerification(boolean value) {
        return Records.with(this, "hostnameVerification", value);
    }

    public TlsSettings withHandshakeTimeoutMillis(int value) {
        return Records.with(this, "handshakeTimeoutMillis", value);
    }

    public TlsSettings withCloseNotifyTimeoutMillis(int value) {
        return Records.with(this, "closeNotifyTimeoutMillis", value);
    }

    public TlsSettings withDelegatedTaskThreads(int value) {
        return Records.with(this, "delegatedTaskThreads", value);
    }

    public TlsSettings withMaxBufferedCiphertextBytes(int value) {
        return Records.with(this, "maxBufferedCiphertextBytes", value);
    }
}

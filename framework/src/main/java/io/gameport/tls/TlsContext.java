package io.gameport.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Everything a listener or a client needs to make {@link SSLEngine}s: the JDK's {@link SSLContext}
 * built from {@link KeyMaterial} and {@link TrustRoots}, the {@link TlsSettings}, and the bounded
 * pool that runs the engines' delegated tasks (handshake crypto) off the I/O workers. Protocols and
 * cipher suites are checked against what this JDK supports when it is made: start-up fails naming
 * the one it lacks.
 *
 * <p>The pool's threads ({@code tls-delegated-task-N}, daemons) end after 30 s without work;
 * {@link #close()} ends them at once. One context may serve many servers and clients.
 */
public final class TlsContext implements AutoCloseable {

    private final SSLContext sslContext;
    private final TlsSettings settings;
    private final boolean client;
    private final ThreadPoolExecutor tasks;
    private final String[] protocols;
    private final String[] cipherSuites;
    private final int packetBufferBytes;
    private final int applicationBufferBytes;

    private TlsContext(SSLContext sslContext, TlsSettings settings, boolean client) {
        this.sslContext = sslContext;
        this.settings = settings;
        this.client = client;
        SSLParameters supported = sslContext.getSupportedSSLParameters();
        Set<String> supportedProtocols = new HashSet<>(Arrays.asList(supported.getProtocols()));
        for (String protocol : settings.protocols()) {
            if (!supportedProtocols.contains(protocol)) {
                throw new TlsConfigException("protocols: this JDK does not support " + protocol);
            }
        }
        Set<String> supportedSuites = new HashSet<>(Arrays.asList(supported.getCipherSuites()));
        List<String> suites = new java.util.ArrayList<>();
        boolean defaults = settings.cipherSuites().equals(TlsSettings.DEFAULT_CIPHER_SUITES);
        for (String suite : settings.cipherSuites()) {
            if (supportedSuites.contains(suite)) {
                suites.add(suite);
            } else if (!defaults) {
                // A suite someone named must be there; of the defaults, those this JRE lacks
                // (ECDSA/ECDHE without an EC provider) are left out.
                throw new TlsConfigException("cipherSuites: this JDK does not support " + suite);
            }
        }
        if (suites.isEmpty()) {
            throw new TlsConfigException("cipherSuites: this JDK supports none of " + settings.cipherSuites());
        }
        this.protocols = settings.protocols().toArray(new String[0]);
        this.cipherSuites = suites.toArray(new String[0]);
        SSLEngine probe = sslContext.createSSLEngine();
        this.packetBufferBytes = probe.getSession().getPacketBufferSize();
        this.applicationBufferBytes = probe.getSession().getApplicationBufferSize();
        AtomicInteger threadNumber = new AtomicInteger();
        this.tasks = new ThreadPoolExecutor(settings.delegatedTaskThreads(), settings.delegatedTaskThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tls-delegated-task-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        tasks.allowCoreThreadTimeOut(true);
    }

    /** A server presenting {@code key}; {@code clientRoots} verify client certificates (null when clientAuth is NONE). */
    public static TlsContext server(TlsSettings settings, KeyMaterial key, TrustRoots clientRoots) {
        if (key == null) {
            throw new TlsConfigException("a TLS server needs a certificate and private key");
        }
        if (settings.clientAuth() != ClientAuth.NONE && clientRoots == null) {
            throw new TlsConfigException("clientAuth " + settings.clientAuth() + " needs the roots that client certificates lead to");
        }
        return new TlsContext(sslContext(key, clientRoots), settings, false);
    }

    /** A client trusting {@code roots}; {@code clientKey} is presented when the server asks (mutual TLS), or null. */
    public static TlsContext client(TlsSettings settings, TrustRoots roots, KeyMaterial clientKey) {
        if (roots == null) {
            throw new TlsConfigException("a TLS client needs the roots the server's certificate leads to");
        }
        return new TlsContext(sslContext(clientKey, roots), settings, true);
    }

    private static SSLContext sslContext(KeyMaterial key, TrustRoots roots) {
        try {
            KeyManagerFactory keyManagers = null;
            if (key != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] password = new char[0];
                keys.setKeyEntry("key", key.privateKey(), password, key.chain());
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, password);
            }
            TrustManagerFactory trustManagers = null;
            if (roots != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                List<java.security.cert.X509Certificate> certificates = roots.certificates();
                for (int i = 0; i < certificates.size(); i++) {
                    trusted.setCertificateEntry("root-" + i, certificates.get(i));
                }
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
                    trustManagers == null ? null : trustManagers.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsConfigException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A new engine for one connection. {@code peerHost} is the host a client connected to (its
     * certificate must name it when hostname verification is on, and it is sent as SNI when it is
     * a name); servers pass the peer's address, for the session cache only.
     */
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine = sslContext.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(client);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols);
        parameters.setCipherSuites(cipherSuites);
        if (settings.alpnProtocol() != null) {
            parameters.setApplicationProtocols(new String[] {settings.alpnProtocol()});
        }
        if (client) {
            if (settings.hostnameVerification()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
        } else {
            switch (settings.clientAuth()) {
                case REQUIRE -> parameters.setNeedClientAuth(true);
                case OPTIONAL -> parameters.setWantClientAuth(true);
                default -> parameters.setNeedClientAuth(false);
            }
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    public TlsSettings settings() {
        return settings;
    }

    public boolean isClient() {
        return client;
    }

    /** The bounded pool that runs delegated tasks. */
    public Executor delegatedTasks() {
        return tasks;
    }

    /** Delegated tasks queued and not yet started (a measure of handshake backlog). */
    public int queuedDelegatedTasks() {
        return tasks.getQueue().size();
    }

    /** The largest TLS record this JDK produces or accepts, with its header and padding. */
    public int packetBufferBytes() {
        return packetBufferBytes;
    }

    /** The largest plaintext one record may carry. */
    public int applicationBufferBytes() {
        return applicationBufferBytes;
    }

    /** Ends the delegated-task threads; engines made afterwards fail their handshake. */
    @Override
    public void close() {
        tasks.shutdownNow();
    }
}

package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gameport.log.PeerLogs;
import io.gameport.tls.TestCertificates;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.transport.ErrorMetrics;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An engine may drop a handshake from inside a wrap (its status turns NOT_HANDSHAKING before
 * FINISHED). The stage then closes the connection from within its wrap loop, and that close sends
 * the engine's closing alert at once; the wrap that was running must not then make a second
 * ciphertext buffer of its own and start a second send over the first (the first buffer would
 * never come back, and a connection has one send in flight). The JDK's engine does not do this on
 * its own, so the server's engines here come from an {@link SSLContext} that wraps the JDK's and
 * makes the first server engine abandon its handshake in the wrap of its first flight.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsHandshakeAbandonedInWrapTest {

    private static final TestCertificates.Issued LOCALHOST = TlsConformanceSupport.CERTIFICATE;
    private static final String PROVIDER = "GameportAbandoningTls";

    @Test
    void aHandshakeAbandonedInAWrapClosesWithOneSendAndEveryBufferBack() throws Exception {
        TlsSettings settings = TlsSettings.defaults();
        AtomicBoolean armed = new AtomicBoolean(true);
        BlockingQueue<CloseReason> serverCloses = new LinkedBlockingQueue<>();
        TlsContext serverTls;
        try (TlsContext clientTls = TlsContext.client(settings, LOCALHOST.asRoot(), null)) {
            Security.insertProviderAt(new AbandoningProvider(armed), 1);
            try {
                serverTls = TlsContext.server(settings, LOCALHOST.material(), null);
            } finally {
                Security.removeProvider(PROVIDER);
            }
            try (serverTls;
                    TransportServer server = TransportServer.start(TransportSettings.defaults().withWorkers(1), 1 << 20,
                            new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
                                @Override
                                public void onFrame(Connection connection, ByteBuffer payload) {
                                    connection.send(payload);
                                }

                                @Override
                                public void onClose(Connection connection, CloseReason reason) {
                                    serverCloses.add(reason);
                                }
                            }, new ErrorMetrics(), PeerLogs.defaults(), serverTls);
                    TransportClient client = new TransportClient(TransportSettings.defaults().withWorkers(1), 1 << 20,
                            new ErrorMetrics(), PeerLogs.defaults(), clientTls)) {
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
                client.connect(address, (c, payload) -> { });

                assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, serverCloses.poll(30, TimeUnit.SECONDS),
                        "the server closed the abandoned handshake");
                assertFalse(armed.get(), "the server's engine abandoned its handshake in a wrap");
                IoWorker worker = server.workers().worker(0);
                assertEquals(0, sendBuffersNotBack(worker, serverTls),
                        "ciphertext buffers taken by the server's worker and not given back");

                // The worker goes on serving: the next connection's handshake and an echo.
                BlockingQueue<byte[]> echoes = new LinkedBlockingQueue<>();
                Connection second = client.connect(address, (c, payload) -> {
                    byte[] copy = new byte[payload.remaining()];
                    payload.get(copy);
                    echoes.add(copy);
                }).get(30, TimeUnit.SECONDS);
                byte[] frame = {1, 2, 3, 4, 5};
                second.send(ByteBuffer.wrap(frame));
                byte[] echo = echoes.poll(30, TimeUnit.SECONDS);
                assertNotNull(echo, "echo on the connection after the abandoned one");
                assertArrayEquals(frame, echo);
            }
        }
    }

    /**
     * Send buffers the worker allocated that are not back in its pool, once the closed connection
     * has been released: waits for the release (up to 30 s), then reports what is still missing.
     */
    private static long sendBuffersNotBack(IoWorker worker, TlsContext context) throws Exception {
        long missing = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 300 && missing != 0; attempt++) {
            CompletableFuture<Long> count = new CompletableFuture<>();
            worker.execute((WorkerTask) () -> {
                TlsBuffers buffers = worker.tlsBuffers(context);
                count.complete(buffers.allocatedCount() - buffers.retainedCount());
            });
            missing = count.get(30, TimeUnit.SECONDS);
            if (missing != 0) {
                Thread.sleep(100);
            }
        }
        return missing;
    }

    /** Serves SSLContext.TLS through {@link AbandoningContext}. */
    private static final class AbandoningProvider extends Provider {
        AbandoningProvider(AtomicBoolean armed) {
            super(PROVIDER, "1.0", "the JDK's TLS, whose first peer engine drops its handshake in a wrap (tests only)");
            putService(new Service(this, "SSLContext", "TLS", AbandoningContext.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new AbandoningContext(armed);
                }
            });
        }
    }

    /** The JDK's own TLS context, whose engines for a peer are {@link AbandoningEngine}s. */
    private static final class AbandoningContext extends SSLContextSpi {
        private final AtomicBoolean armed;
        private final SSLContext jdk;

        AbandoningContext(AtomicBoolean armed) {
            this.armed = armed;
            try {
                this.jdk = SSLContext.getInstance("TLS", "SunJSSE");
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) throws KeyManagementException {
            jdk.init(keys, trust, random);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return jdk.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return jdk.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return jdk.createSSLEngine(); // the context's probe for buffer sizes
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new AbandoningEngine(jdk.createSSLEngine(host, port), armed);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return jdk.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return jdk.getClientSessionContext();
        }
    }

    /**
     * The JDK's engine, except that while armed the first wrap producing handshake bytes reports
     * NOT_HANDSHAKING, and the engine says so from then on: a handshake dropped before it finished.
     * Its closing alert still comes from the JDK's engine.
     */
    private static final class AbandoningEngine extends SSLEngine {
        private final SSLEngine jdk;
        private final AtomicBoolean armed;
        private boolean abandoned;

        AbandoningEngine(SSLEngine jdk, AtomicBoolean armed) {
            super(jdk.getPeerHost(), jdk.getPeerPort());
            this.jdk = jdk;
            this.armed = armed;
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer destination) throws SSLException {
            SSLEngineResult result = jdk.wrap(sources, offset, length, destination);
            if (!abandoned && !jdk.isOutboundDone() && result.bytesProduced() > 0
                    && result.getHandshakeStatus() != HandshakeStatus.FINISHED
                    && result.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING && armed.compareAndSet(true, false)) {
                abandoned = true;
                return new SSLEngineResult(result.getStatus(), HandshakeStatus.NOT_HANDSHAKING,
                        result.bytesConsumed(), result.bytesProduced());
            }
            return result;
        }

        @Override
        public HandshakeStatus getHandshakeStatus() {
            return abandoned && !jdk.isOutboundDone() ? HandshakeStatus.NOT_HANDSHAKING : jdk.getHandshakeStatus();
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations, int offset, int length) throws SSLException {
            return jdk.unwrap(source, destinations, offset, length);
        }

        @Override
        public Runnable getDelegatedTask() {
            return jdk.getDelegatedTask();
        }

        @Override
        public void closeInbound() throws SSLException {
            jdk.closeInbound();
        }

        @Override
        public boolean isInboundDone() {
            return jdk.isInboundDone();
        }

        @Override
        public void closeOutbound() {
            jdk.closeOutbound();
        }

        @Override
        public boolean isOutboundDone() {
            return jdk.isOutboundDone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return jdk.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return jdk.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            jdk.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedProtocols() {
            return jdk.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return jdk.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            jdk.setEnabledProtocols(protocols);
        }

        @Override
        public SSLSession getSession() {
            return jdk.getSession();
        }

        @Override
        public SSLSession getHandshakeSession() {
            return jdk.getHandshakeSession();
        }

        @Override
        public void beginHandshake() throws SSLException {
            jdk.beginHandshake();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            jdk.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return jdk.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            jdk.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return jdk.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            jdk.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return jdk.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean enable) {
            jdk.setEnableSessionCreation(enable);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return jdk.getEnableSessionCreation();
        }

        @Override
        public SSLParameters getSSLParameters() {
            return jdk.getSSLParameters();
        }

        @Override
        public void setSSLParameters(SSLParameters parameters) {
            jdk.setSSLParameters(parameters);
        }

        @Override
        public String getApplicationProtocol() {
            return jdk.getApplicationProtocol();
        }

        @Override
        public String getHandshakeApplicationProtocol() {
            return jdk.getHandshakeApplicationProtocol();
        }

        @Override
        public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
            jdk.setHandshakeApplicationProtocolSelector(selector);
        }

        @Override
        public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
            return jdk.getHandshakeApplicationProtocolSelector();
        }
    }
}

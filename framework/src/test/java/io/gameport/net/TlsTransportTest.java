package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.testing.FrameClient;
import io.gameport.log.PeerLogs;
import io.gameport.tls.ClientAuth;
import io.gameport.tls.KeyMaterial;
import io.gameport.tls.TestCertificates;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.tls.TrustRoots;
import io.gameport.transport.ErrorMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS behaviour beyond the conformance suite: clients no one here wrote (Python's ssl, openssl
 * s_client), refused versions and plaintext peers, certificate failures on both sides, and the
 * named reasons a TLS connection closes with. Real sockets on 127.0.0.1, the platform's backend.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsTransportTest {

    private static final TestCertificates.Issued LOCALHOST = TlsConformanceSupport.CERTIFICATE;
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final BlockingQueue<CloseReason> serverCloses = new LinkedBlockingQueue<>();
    private TransportServer lastServer;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** An echo server; a frame saying "bye" makes the server close the connection itself (close_notify). */
    private TransportServer server(TlsContext tls) throws IOException {
        TransportServer server = TransportServer.start(TransportSettings.defaults().withWorkers(1), 1 << 20, new InetSocketAddress("127.0.0.1", 0),
                new ConnectionHandler() {
                    @Override
                    public void onFrame(Connection connection, ByteBuffer payload) {
                        if (StandardCharsets.US_ASCII.decode(payload.duplicate()).toString().equals("bye")) {
                            connection.close();
                        } else {
                            connection.send(payload);
                        }
                    }

                    @Override
                    public void onClose(Connection connection, CloseReason reason) {
                        serverCloses.add(reason);
                    }
                }, new ErrorMetrics(), PeerLogs.defaults(), tls);
        toClose.add(server);
        lastServer = server;
        return server;
    }

    private TlsContext serverContext(TlsSettings settings, KeyMaterial key, TrustRoots clientRoots) {
        TlsContext context = TlsContext.server(settings, key, clientRoots);
        toClose.add(context);
        return context;
    }

    private TlsContext defaultServer() {
        return serverContext(TlsSettings.defaults(), LOCALHOST.material(), null);
    }

    private CloseReason nextServerClose() throws InterruptedException {
        CloseReason reason = serverCloses.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(reason, "the server closed the connection");
        assertTrue(lastServer.workers().closeCount(reason) > 0, () -> "closes counted by reason: " + reason);
        return reason;
    }

    // ---- independent clients ----

    @Test
    void pythonSslClientCompletesTheHandshakeGetsItsEchoAndSeesCloseNotify() throws Exception {
        TransportServer server = server(defaultServer());
        Path ca = LOCALHOST.writePem(dir, "ca")[0];
        String script = String.join("\n",
                "import socket, ssl, struct, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[1])",
                "ctx.minimum_version = ssl.TLSVersion.TLSv1_3",
                "s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[2]))), server_hostname='127.0.0.1',",
                "                    suppress_ragged_eofs=False)",
                "def frame(b): s.sendall(struct.pack('>I', len(b)) + b)",
                "def read(n):",
                "    data = b''",
                "    while len(data) < n:",
                "        chunk = s.recv(n - len(data))",
                "        if not chunk: raise SystemExit('eof after ' + repr(data))",
                "        data += chunk",
                "    return data",
                "frame(b'hello from python')",
                "n = struct.unpack('>I', read(4))[0]",
                "print('echo', read(n).decode(), s.version())",
                "frame(b'bye')",
                "try:",
                "    print('eof', 'clean' if s.recv(1) == b'' else 'data')",
                "except ssl.SSLEOFError as e:",
                "    print('eof', 'truncated', e)",
                "");
        Path file = dir.resolve("client.py");
        java.nio.file.Files.writeString(file, script);
        String output = run(List.of("python3", file.toString(), ca.toString(), String.valueOf(server.port())), null);
        assertTrue(output.contains("echo hello from python TLSv1.3"), output);
        assertTrue(output.contains("eof clean"), () -> "the server's close carries close_notify: " + output);
        assertEquals(CloseReason.LOCAL_CLOSE, nextServerClose());
    }

    @Test
    void alpnNameIsSelectedForAClientOfferingItAndAClientOfferingOnlyAnotherIsRefused() throws Exception {
        TransportServer server = server(serverContext(TlsSettings.defaults().withAlpnProtocol("gameport"), LOCALHOST.material(), null));
        Path ca = LOCALHOST.writePem(dir, "ca")[0];
        String script = String.join("\n",
                "import socket, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[1])",
                "ctx.set_alpn_protocols(sys.argv[3].split(','))",
                "try:",
                "    s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[2]))), server_hostname='127.0.0.1')",
                "    print('selected', s.selected_alpn_protocol())",
                "except (ssl.SSLError, OSError) as e:",
                "    print('refused', e)",
                "");
        Path file = dir.resolve("alpn.py");
        java.nio.file.Files.writeString(file, script);
        String offered = run(List.of("python3", file.toString(), ca.toString(), String.valueOf(server.port()), "h2,gameport"), null);
        assertTrue(offered.contains("selected gameport"), offered);
        nextServerClose(); // the script exits without close_notify: that first connection's close is not this test's subject
        String other = run(List.of("python3", file.toString(), ca.toString(), String.valueOf(server.port()), "h2"), null);
        assertTrue(other.contains("refused"), other);
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, nextServerClose());
    }

    @Test
    void opensslSClientCompletesTheHandshakeAndGetsItsEcho() throws Exception {
        TransportServer server = server(defaultServer());
        Path ca = LOCALHOST.writePem(dir, "ca")[0];
        byte[] frame = {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'};
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), "-CAfile", ca.toString(),
                "-verify_return_error", "-verify_ip", "127.0.0.1", "-quiet", "-tls1_3").redirectErrorStream(false).start();
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write(frame);
            stdin.flush();
            byte[] echo = process.getInputStream().readNBytes(frame.length);
            assertArrayEquals(frame, echo, "openssl got its frame back");
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void opensslSClientSpeakingTls11IsRefusedWithAHandshakeFailure() throws Exception {
        TransportServer server = server(defaultServer());
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), "-tls1_1",
                "-cipher", "DEFAULT@SECLEVEL=0").redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("alert protocol version"), () -> "openssl was told why: " + output);
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, nextServerClose());
    }

    @Test
    void plaintextClientOnATlsPortIsClosedAsAPlaintextPeer() throws Exception {
        TransportServer server = server(defaultServer());
        try (FrameClient plain = new FrameClient(server.port())) {
            plain.writeFrame("hello".getBytes(StandardCharsets.US_ASCII));
            plain.flush();
            assertTrue(plain.closedByServer());
        }
        assertEquals(CloseReason.TLS_PLAINTEXT_PEER, nextServerClose());
    }

    // ---- what a TLS connection closes with ----

    @Test
    void clientFinishedFirstFrameAndCloseNotifyInOneSegmentAreAPeerCloseNotAFailedHandshake() throws Exception {
        // TLS 1.3: the server's engine decrypts the client's first data as soon as it checked the
        // client's Finished, while it still wants to wrap its session ticket (NEED_WRAP). A frame
        // read then is past the handshake: a close_notify right behind it is the peer leaving.
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        TransportServer server = TransportServer.start(TransportSettings.defaults().withWorkers(1), 1 << 20,
                new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
                    @Override
                    public void onFrame(Connection connection, ByteBuffer payload) {
                        frames.add(StandardCharsets.US_ASCII.decode(payload.duplicate()).toString());
                    }

                    @Override
                    public void onClose(Connection connection, CloseReason reason) {
                        serverCloses.add(reason);
                    }
                }, new ErrorMetrics(), PeerLogs.defaults(), defaultServer());
        toClose.add(server);
        lastServer = server;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            SSLEngine engine = TlsConformanceSupport.clientContext(LOCALHOST, "TLSv1.3").createSSLEngine("127.0.0.1", server.port());
            engine.setUseClientMode(true);
            byte[] frame = {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'};
            socket.getOutputStream().write(lastFlightWithDataAndClose(engine, socket, frame));
            socket.getOutputStream().flush();
            assertEquals("hello", frames.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(CloseReason.PEER_CLOSED, nextServerClose());
        }
    }

    /**
     * Runs {@code engine}'s handshake over {@code socket} up to its last flight, and returns that
     * flight (its Finished) followed by {@code plaintext} and close_notify, to be written at once.
     */
    private static byte[] lastFlightWithDataAndClose(SSLEngine engine, Socket socket, byte[] plaintext) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(1 << 17);
        ByteBuffer out = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        ByteBuffer none = ByteBuffer.allocate(0);
        InputStream input = socket.getInputStream();
        engine.beginHandshake();
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult result = engine.wrap(none, out);
                if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    break; // the client's Finished is in out, not sent yet
                }
                socket.getOutputStream().write(out.array(), 0, out.position());
                out.clear();
            } else {
                in.flip();
                SSLEngineResult result = engine.unwrap(in, app);
                in.compact();
                if (result.bytesConsumed() == 0) {
                    int n = input.read(in.array(), in.position(), in.remaining());
                    if (n < 0) {
                        throw new IOException("the server closed during the handshake");
                    }
                    in.position(in.position() + n);
                }
            }
        }
        engine.wrap(ByteBuffer.wrap(plaintext), out);
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            engine.wrap(none, out);
        }
        byte[] flight = new byte[out.position()];
        out.flip().get(flight);
        return flight;
    }

    @Test
    void peerClosingWithoutCloseNotifyIsATruncation() throws Exception {
        TransportServer server = server(defaultServer());
        FrameClient client = new FrameClient(server.port(), TlsConformanceSupport.SOCKETS);
        client.writeFrame(new byte[] {1, 2, 3});
        client.flush();
        assertArrayEquals(new byte[] {1, 2, 3}, client.readFrame());
        client.raw.close(); // the TCP socket under the TLS one: no close_notify
        assertEquals(CloseReason.TLS_TRUNCATED, nextServerClose());
    }

    @Test
    void tls12RenegotiationIsRefused() throws Exception {
        TlsContext tls = serverContext(TlsSettings.defaults().withProtocols(List.of(TlsSettings.TLS13, TlsSettings.TLS12)),
                LOCALHOST.material(), null);
        TransportServer server = server(tls);
        FrameClient client = new FrameClient(server.port(), TlsConformanceSupport.socketFactory(LOCALHOST, "TLSv1.2"));
        toClose.add(client);
        assertEquals("TLSv1.2", ((SSLSocket) client.socket).getSession().getProtocol());
        client.writeFrame(new byte[] {9});
        client.flush();
        assertArrayEquals(new byte[] {9}, client.readFrame());
        try {
            ((SSLSocket) client.socket).startHandshake(); // a new ClientHello on the established session
            client.writeFrame(new byte[] {10});
            client.flush();
        } catch (IOException expected) {
            // the server may already have closed
        }
        assertEquals(CloseReason.TLS_RENEGOTIATION, nextServerClose());
    }

    @Test
    void handshakeThatNeverStartsIsClosedAtItsDeadline() throws Exception {
        TransportServer server = server(serverContext(TlsSettings.defaults().withHandshakeTimeoutMillis(300), LOCALHOST.material(), null));
        try (Socket silent = new Socket("127.0.0.1", server.port())) {
            silent.getOutputStream().write(new byte[] {0x16, 3, 1}); // the start of a ClientHello record, then nothing
            assertEquals(CloseReason.TLS_HANDSHAKE_TIMEOUT, nextServerClose());
        }
    }

    @Test
    void recordLongerThanTlsAllowsIsAProtocolError() throws Exception {
        TransportServer server = server(defaultServer());
        FrameClient client = new FrameClient(server.port(), TlsConformanceSupport.SOCKETS);
        toClose.add(client);
        client.writeFrame(new byte[] {1});
        client.flush();
        assertArrayEquals(new byte[] {1}, client.readFrame(), "the handshake is done on both sides");
        // An application-data record header announcing 18,433 bytes: more than 2^14 + 256.
        client.raw.getOutputStream().write(new byte[] {0x17, 3, 3, 0x48, 0x01, 0, 0, 0});
        assertEquals(CloseReason.TLS_PROTOCOL_ERROR, nextServerClose());
    }

    @Test
    void ciphertextPilingUpWhileAHandshakeTaskWaitsIsCappedAndClosesThatConnection() throws Exception {
        TlsContext tls = serverContext(TlsSettings.defaults().withDelegatedTaskThreads(1).withMaxBufferedCiphertextBytes(32 * 1024),
                LOCALHOST.material(), null);
        TransportServer server = server(tls);
        // Hold the one delegated-task thread, so the handshake task the ClientHello needs waits and
        // everything the peer sends after it must be kept unprocessed.
        CountDownLatch hold = new CountDownLatch(1);
        tls.delegatedTasks().execute(() -> {
            try {
                hold.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (Socket peer = new Socket("127.0.0.1", server.port())) {
            SSLContext client = SSLContext.getInstance("TLSv1.3");
            client.init(null, null, null);
            SSLEngine engine = client.createSSLEngine("localhost", server.port());
            engine.setUseClientMode(true);
            ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), hello);
            hello.flip();
            OutputStream out = peer.getOutputStream();
            out.write(hello.array(), 0, hello.limit());
            // 96 KiB in well-formed application-data record headers: three times the cap.
            byte[] record = new byte[5 + 16 * 1024];
            record[0] = 0x17;
            record[1] = 3;
            record[2] = 3;
            record[3] = 0x40;
            try {
                for (int i = 0; i < 6; i++) {
                    out.write(record);
                }
                out.flush();
            } catch (IOException closedMeanwhile) {
                // the server may already have closed
            }
            assertEquals(CloseReason.TLS_PROTOCOL_ERROR, nextServerClose());
        } finally {
            hold.countDown();
        }
    }

    // ---- certificates ----

    private TransportClient client(TlsContext tls) throws IOException {
        TransportClient client = new TransportClient(TransportSettings.defaults().withWorkers(1), 1 << 20, new ErrorMetrics(), PeerLogs.defaults(), tls);
        toClose.add(client);
        return client;
    }

    private TlsContext clientContext(TlsSettings settings, TrustRoots roots, KeyMaterial key) {
        TlsContext context = TlsContext.client(settings, roots, key);
        toClose.add(context);
        return context;
    }

    /** Connects, sends one frame and returns the echo, or null with the connection's close reason in {@code closes}. */
    private byte[] roundTrip(TransportClient client, int port, BlockingQueue<CloseReason> closes) throws Exception {
        BlockingQueue<byte[]> echoes = new LinkedBlockingQueue<>();
        Connection connection = client.connect(new InetSocketAddress("127.0.0.1", port), new ConnectionHandler() {
            @Override
            public void onFrame(Connection c, ByteBuffer payload) {
                byte[] copy = new byte[payload.remaining()];
                payload.get(copy);
                echoes.add(copy);
            }

            @Override
            public void onClose(Connection c, CloseReason reason) {
                closes.add(reason);
            }
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        connection.send(ByteBuffer.wrap(new byte[] {4, 5, 6}));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            byte[] echo = echoes.poll(10, TimeUnit.MILLISECONDS);
            if (echo != null) {
                return echo;
            }
            if (!closes.isEmpty()) {
                return null;
            }
        }
        return null;
    }

    @Test
    void transportClientTrustingTheServerCertificateRoundTrips() throws Exception {
        TransportServer server = server(defaultServer());
        BlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();
        TransportClient client = client(clientContext(TlsSettings.defaults(), LOCALHOST.asRoot(), null));
        assertArrayEquals(new byte[] {4, 5, 6}, roundTrip(client, server.port(), closes));
    }

    @Test
    void untrustedServerCertificateIsRefusedByTheClient() throws Exception {
        TransportServer server = server(defaultServer());
        BlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();
        TransportClient client = client(clientContext(TlsSettings.defaults(), TestCertificates.localhost().asRoot(), null));
        assertEquals(null, roundTrip(client, server.port(), closes));
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, closes.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, nextServerClose(), "the server heard the client's alert");
    }

    @Test
    void hostnameMismatchIsRefusedAndTheSameCertificateIsAcceptedWithoutVerification() throws Exception {
        TestCertificates.Issued elsewhere = TestCertificates.selfSigned("other.example", List.of("other.example"), List.of(),
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
        TransportServer server = server(serverContext(TlsSettings.defaults(), elsewhere.material(), null));
        BlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();
        TransportClient verifying = client(clientContext(TlsSettings.defaults(), elsewhere.asRoot(), null));
        assertEquals(null, roundTrip(verifying, server.port(), closes));
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, closes.poll(WAIT_SECONDS, TimeUnit.SECONDS));

        TransportClient trusting = client(clientContext(TlsSettings.defaults().withHostnameVerification(false), elsewhere.asRoot(), null));
        assertArrayEquals(new byte[] {4, 5, 6}, roundTrip(trusting, server.port(), closes), "only the name was wrong");
    }

    @Test
    void expiredServerCertificateIsRefusedByTheClient() throws Exception {
        // KeyMaterial refuses to serve an expired certificate, so the expired server here is the JDK's own.
        // Issued by a valid root: PKIX does not check the validity of a trust anchor itself.
        TestCertificates.Issued root = TestCertificates.selfSigned("root", List.of(), List.of(),
                Instant.now().minus(Duration.ofDays(20)), Instant.now().plus(Duration.ofDays(1)));
        TestCertificates.Issued expired = TestCertificates.issuedBy(root, "localhost", List.of("localhost"), List.of("127.0.0.1"),
                Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("k", expired.keys().getPrivate(), new char[0], new java.security.cert.X509Certificate[] {expired.certificate()});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(managers.getKeyManagers(), null, null);
        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                } catch (IOException refused) {
                    // the client's alert
                }
            });
            acceptor.start();
            BlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();
            TransportClient client = client(clientContext(TlsSettings.defaults(), root.asRoot(), null));
            assertEquals(null, roundTrip(client, listener.getLocalPort(), closes));
            assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, closes.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            acceptor.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificateAndAcceptsOneWithIt() throws Exception {
        TestCertificates.Issued clientCa = TestCertificates.selfSigned("client-ca", List.of(), List.of(),
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
        TestCertificates.Issued roomServer = TestCertificates.issuedBy(clientCa, "room-server", List.of("room"), List.of());
        TransportServer server = server(serverContext(TlsSettings.defaults().withClientAuth(ClientAuth.REQUIRE),
                LOCALHOST.material(), clientCa.asRoot()));
        BlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();

        TransportClient anonymous = client(clientContext(TlsSettings.defaults(), LOCALHOST.asRoot(), null));
        assertEquals(null, roundTrip(anonymous, server.port(), closes));
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, nextServerClose(), "the server refused the client without a certificate");
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, closes.poll(WAIT_SECONDS, TimeUnit.SECONDS), "and the client heard why");

        TransportClient identified = client(clientContext(TlsSettings.defaults(), LOCALHOST.asRoot(),
                KeyMaterial.of(roomServer.keys().getPrivate(), roomServer.certificate())));
        assertArrayEquals(new byte[] {4, 5, 6}, roundTrip(identified, server.port(), new LinkedBlockingQueue<>()));
    }

    private static String run(List<String> command, byte[] stdin) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin);
        }
        process.getOutputStream().close();
        InputStream out = process.getInputStream();
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        out.transferTo(collected);
        assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the client process ended");
        return collected.toString(StandardCharsets.UTF_8) + " (exit " + process.exitValue() + ")";
    }
}

package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gameport.log.PeerLogs;
import io.gameport.testing.FrameClient;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.transport.ErrorMetrics;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A released connection is garbage at once, though a deadline it armed (the TLS handshake's,
 * close_notify's, a purposeful close's linger) is still in the timer's queue: the deadlines here
 * are minutes long, so only a deadline that lets go of its connection when disarmed passes. Under
 * connection churn (a login server, players reconnecting) a deadline that kept its connection
 * would keep every connection closed in the last 10 s reachable with its TLS engine, copied at
 * every young collection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClosedConnectionReleaseTest {

    private static final int MINUTES = 600_000;
    private static final byte[] GOODBYE = "goodbye".getBytes(StandardCharsets.US_ASCII);
    private static final TlsSettings LONG_DEADLINES = TlsSettings.defaults()
            .withHandshakeTimeoutMillis(MINUTES).withCloseNotifyTimeoutMillis(60_000);

    @Test
    void aTlsConnectionClosedByItsPeerIsNotKeptReachableByItsHandshakeDeadline() throws Exception {
        try (Server server = new Server(null)) {
            try (FrameClient client = new FrameClient(server.port(), TlsConformanceSupport.SOCKETS)) {
                assertArrayEquals(new byte[] {1}, server.echo(client, new byte[] {1}));
            }
            assertEquals(CloseReason.PEER_CLOSED, server.nextClose());
            server.assertReleasedConnectionIsCollected();
        }
    }

    @Test
    void aTlsConnectionTheServerClosedWithCloseNotifyIsNotKeptReachableByTheCloseNotifyDeadline() throws Exception {
        try (Server server = new Server(connection -> connection.close())) {
            try (FrameClient client = new FrameClient(server.port(), TlsConformanceSupport.SOCKETS)) {
                client.writeFrame(new byte[] {2});
                client.flush();
                assertEquals(-1, client.in.read(), "the server's close_notify, then its close");
            }
            assertEquals(CloseReason.LOCAL_CLOSE, server.nextClose());
            server.assertReleasedConnectionIsCollected();
        }
    }

    @Test
    void aConnectionClosedAfterSendingIsNotKeptReachableByItsLinger() throws Exception {
        try (Server server = new Server(connection -> {
            connection.send(ByteBuffer.wrap(GOODBYE));
            connection.closeAfterSending(CloseReason.LOCAL_CLOSE, MINUTES);
        })) {
            try (FrameClient client = new FrameClient(server.port(), TlsConformanceSupport.SOCKETS)) {
                client.writeFrame(new byte[] {3});
                client.flush();
                assertArrayEquals(GOODBYE, client.readFrame());
                assertEquals(-1, client.in.read(), "then close_notify and the server's half-close");
            }
            assertEquals(CloseReason.LOCAL_CLOSE, server.nextClose());
            server.assertReleasedConnectionIsCollected();
        }
    }

    /** A one-worker TLS server with minutes-long deadlines that remembers its last connection weakly. */
    private static final class Server implements AutoCloseable {
        private final TlsContext tls = TlsContext.server(LONG_DEADLINES, TlsConformanceSupport.CERTIFICATE.material(), null);
        private final BlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();
        private final TransportServer transport;
        private volatile WeakReference<Connection> last;

        /** {@code onEachFrame} null: an echo server. */
        Server(java.util.function.Consumer<Connection> onEachFrame) throws Exception {
            transport = TransportServer.start(TransportSettings.defaults().withWorkers(1), 1 << 20,
                    new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
                        @Override
                        public void onOpen(Connection connection) {
                            last = new WeakReference<>(connection);
                        }

                        @Override
                        public void onFrame(Connection connection, ByteBuffer payload) {
                            if (onEachFrame == null) {
                                connection.send(payload);
                            } else {
                                onEachFrame.accept(connection);
                            }
                        }

                        @Override
                        public void onClose(Connection connection, CloseReason reason) {
                            closes.add(reason);
                        }
                    }, new ErrorMetrics(), PeerLogs.defaults(), tls);
        }

        int port() {
            return transport.port();
        }

        byte[] echo(FrameClient client, byte[] payload) throws Exception {
            client.writeFrame(payload);
            client.flush();
            return client.readFrame();
        }

        CloseReason nextClose() throws InterruptedException {
            CloseReason reason = closes.poll(30, TimeUnit.SECONDS);
            assertNotNull(reason, "the server closed the connection");
            return reason;
        }

        void assertReleasedConnectionIsCollected() throws InterruptedException {
            WeakReference<Connection> ref = last;
            assertNotNull(ref, "the server opened a connection");
            while (!releasedOrCollected(ref)) {
                Thread.sleep(5); // the release follows the socket's close completion
            }
            for (int i = 0; i < 20 && ref.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(ref.get(), "nothing keeps the released connection reachable");
        }

        /** In a frame of its own, so no local variable of the caller holds the connection. */
        private static boolean releasedOrCollected(WeakReference<Connection> ref) {
            Connection connection = ref.get();
            return connection == null || connection.isReleased();
        }

        @Override
        public void close() {
            transport.close();
            tls.close();
        }
    }
}

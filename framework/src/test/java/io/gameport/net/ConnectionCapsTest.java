package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.testing.FrameClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection caps on real sockets: past the per-address or the total cap a connection is
 * closed at accept (never opened, counted by reason), other addresses and the listener go on, and
 * a released connection frees its place. 127.0.0.2 is a second loopback address on Linux.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionCapsTest {

    private final List<FrameClient> peers = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private TransportServer server;

    @AfterEach
    void tearDown() throws IOException {
        for (FrameClient peer : peers) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(TransportSettings config) throws IOException {
        server = TransportServer.start(config.withWorkers(2), 1 << 20, new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
            @Override
            public void onOpen(Connection connection) {
                opened.incrementAndGet();
            }

            @Override
            public void onFrame(Connection connection, ByteBuffer payload) {
                connection.send(payload);
            }
        });
    }

    private FrameClient connect(String localAddress) throws IOException {
        FrameClient peer = new FrameClient(localAddress, server.port());
        peers.add(peer);
        return peer;
    }

    private static void assertEchoed(FrameClient peer, byte value) throws IOException {
        peer.writeFrame(new byte[] {value});
        peer.flush();
        assertArrayEquals(new byte[] {value}, peer.readFrame());
    }

    private int admitted() throws Exception {
        IoWorker acceptor = server.workers().worker(0);
        CompletableFuture<Integer> count = new CompletableFuture<>();
        acceptor.execute((WorkerTask) () -> count.complete(acceptor.admittedConnections()));
        return count.get(30, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard, not a timing
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never reached: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void connectionsPastThePerAddressCapAreClosedAtAcceptWhileOtherAddressesAreServed() throws Exception {
        start(TransportSettings.defaults().withMaxConnectionsPerAddress(3));
        List<FrameClient> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FrameClient peer = connect("127.0.0.1");
            assertEchoed(peer, (byte) i);
            first.add(peer);
        }
        FrameClient refused = connect("127.0.0.1");
        FrameClient refusedToo = connect("127.0.0.1");
        assertTrue(refused.closedByServer() && refusedToo.closedByServer(), "over the cap: closed at accept");
        assertEquals(2, server.workers().closeCount(CloseReason.MAX_CONNECTIONS_PER_ADDRESS));
        assertEquals(3, opened.get(), "a refused connection never reaches the handler");

        FrameClient elsewhere = connect("127.0.0.2");
        assertEchoed(elsewhere, (byte) 9);
        for (FrameClient peer : first) {
            assertEchoed(peer, (byte) 7);
        }

        first.get(0).close();
        await(() -> {
            try {
                return admitted() == 3;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the closed connection counted out");
        assertEchoed(connect("127.0.0.1"), (byte) 5);
        assertEquals(2, server.workers().closeCount(CloseReason.MAX_CONNECTIONS_PER_ADDRESS));
        assertEquals(0, server.workers().closeCount(CloseReason.MAX_CONNECTIONS));
    }

    @Test
    void connectionsPastTheTotalCapAreClosedAtAcceptFromAnyAddress() throws Exception {
        start(TransportSettings.defaults().withMaxConnections(2));
        assertEchoed(connect("127.0.0.1"), (byte) 1);
        assertEchoed(connect("127.0.0.2"), (byte) 2);
        assertTrue(connect("127.0.0.3").closedByServer());
        assertTrue(connect("127.0.0.1").closedByServer());
        assertEquals(2, server.workers().closeCount(CloseReason.MAX_CONNECTIONS));
        assertEquals(2, opened.get());
        assertEquals(2, admitted());
    }

    @Test
    void capsBelowOneAreRejected() {
        IllegalArgumentException total = assertThrows(IllegalArgumentException.class,
                () -> TransportSettings.defaults().withMaxConnections(0));
        assertTrue(total.getMessage().contains("maxConnections"), total.getMessage());
        IllegalArgumentException perAddress = assertThrows(IllegalArgumentException.class,
                () -> TransportSettings.defaults().withMaxConnectionsPerAddress(0));
        assertTrue(perAddress.getMessage().contains("maxConnectionsPerAddress"), perAddress.getMessage());
    }
}

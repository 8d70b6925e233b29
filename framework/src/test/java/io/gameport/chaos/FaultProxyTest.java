package io.gameport.chaos;

import static io.gameport.chaos.ProxyEnds.readExactly;
import static io.gameport.chaos.ProxyEnds.readToEnd;
import static io.gameport.chaos.ProxyEnds.silentFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each fault seen from both ends of a real connection through the proxy. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyTest {

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void forwardsBothWaysInOrderAndPassesHalfClosesOn() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address());
             ProxyEnds.Pair pair = ends.connect(proxy)) {
            byte[] up = bytes(300_000, 1);
            byte[] down = bytes(200_000, 2);
            CompletableFuture<Void> writeUp = CompletableFuture.runAsync(() -> write(pair.client(), up, true));
            // the server sees the client's half-close while its own direction is still open ...
            ProxyEnds.Received atServer = readToEnd(pair.server());
            writeUp.get(10, TimeUnit.SECONDS);
            // ... and answers over it afterwards
            CompletableFuture<Void> writeDown = CompletableFuture.runAsync(() -> write(pair.server(), down, true));
            ProxyEnds.Received atClient = readToEnd(pair.client());
            writeDown.get(10, TimeUnit.SECONDS);
            assertArrayEquals(up, atServer.bytes());
            assertArrayEquals(down, atClient.bytes());
            assertEquals(ProxyEnds.Ending.END_OF_STREAM, atServer.ending());
            assertEquals(ProxyEnds.Ending.END_OF_STREAM, atClient.ending());
            ProxyEnds.awaitNoConnections(proxy); // both halves ended: the proxy let go of the connection
            assertEquals(new FaultCounts(0, 0, 0, 0, 1, 0, 0, 0), proxy.counts());
        }
    }

    @Test
    void resetArrivesAsResetOrEndOfStreamAtBothEnds() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address());
             ProxyEnds.Pair pair = ends.connect(proxy)) {
            pair.client().getOutputStream().write(bytes(100, 3));
            readExactly(pair.server(), 100);

            assertTrue(proxy.reset(pair.id()).get(10, TimeUnit.SECONDS));

            assertEquals(0, readToEnd(pair.server()).bytes().length);
            assertEquals(0, readToEnd(pair.client()).bytes().length);
            assertEquals(1, proxy.counts().resets());
            assertTrue(proxy.connections().isEmpty());
            assertFalse(proxy.reset(pair.id()).get(10, TimeUnit.SECONDS), "a connection already gone is not found");
        }
    }

    @Test
    void resetSendsRstSoBothEndsSeeConnectionReset() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address());
             ProxyEnds.Pair pair = ends.connect(proxy)) {
            proxy.reset(pair.id()).get(10, TimeUnit.SECONDS);
            // a reset, not an orderly close: the ends read ECONNRESET, not end of stream
            assertEquals(ProxyEnds.Ending.RESET, readToEnd(pair.server()).ending());
            assertEquals(ProxyEnds.Ending.RESET, readToEnd(pair.client()).ending());
        }
    }

    @Test
    void blackHoleDeliversNothingAndClosesNothing() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address());
             ProxyEnds.Pair pair = ends.connect(proxy)) {
            assertTrue(proxy.blackHole(pair.id()).get(10, TimeUnit.SECONDS));

            pair.client().getOutputStream().write(bytes(1_000, 4));
            pair.server().getOutputStream().write(bytes(1_000, 5));
            assertTrue(silentFor(pair.server(), 500), "the server received bytes or an end through a black hole");
            assertTrue(silentFor(pair.client(), 500), "the client received bytes or an end through a black hole");
            List<ProxiedConnection> live = proxy.connections();
            assertEquals(1, live.size());
            assertEquals(ProxiedConnection.State.BLACK_HOLED, live.get(0).state());
            assertEquals(0, live.get(0).bytesToServer());
            assertEquals(0, live.get(0).bytesToClient());
            assertEquals(1, proxy.counts().blackHoles());

            // still open at both ends: a reset now reaches both
            proxy.reset(pair.id()).get(10, TimeUnit.SECONDS);
            assertEquals(0, readToEnd(pair.server()).bytes().length);
            assertEquals(0, readToEnd(pair.client()).bytes().length);
        }
    }

    @Test
    void blackHoleIsResetAfterItsHoldTime() throws Exception {
        FaultProxySettings settings = FaultProxySettings.defaults().withBlackHoleHoldMillis(200);
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address(), settings, null);
             ProxyEnds.Pair pair = ends.connect(proxy)) {
            proxy.blackHole(pair.id()).get(10, TimeUnit.SECONDS);
            assertEquals(ProxyEnds.Ending.RESET, readToEnd(pair.server()).ending());
            assertEquals(ProxyEnds.Ending.RESET, readToEnd(pair.client()).ending());
            assertEquals(1, proxy.counts().blackHolesReleased());
            assertEquals(0, proxy.openSockets() - 1, "only the listener is left open");
        }
    }

    @Test
    void cutDeliversExactlyThePrefixThenResets() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address());
             ProxyEnds.Pair pair = ends.connect(proxy)) {
            assertTrue(proxy.cut(pair.id(), Direction.CLIENT_TO_SERVER, 137).get(10, TimeUnit.SECONDS));
            byte[] sent = bytes(1_000, 6);
            pair.client().getOutputStream().write(sent);

            ProxyEnds.Received atServer = readToEnd(pair.server());
            assertArrayEquals(Arrays.copyOf(sent, 137), atServer.bytes());
            assertEquals(0, readToEnd(pair.client()).bytes().length);
            assertEquals(1, proxy.counts().cuts());
            assertTrue(proxy.connections().isEmpty());
        }
    }

    @Test
    void cutCountsFromWhatWasAlreadyForwarded() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address());
             ProxyEnds.Pair pair = ends.connect(proxy)) {
            byte[] sent = bytes(500, 7);
            OutputStream server = pair.server().getOutputStream();
            server.write(sent, 0, 50);
            assertArrayEquals(Arrays.copyOf(sent, 50), readExactly(pair.client(), 50));
            // the 50 forwarded so far are not counted against the cut: 10 more arrive, then the reset
            proxy.cut(pair.id(), Direction.SERVER_TO_CLIENT, 10).get(10, TimeUnit.SECONDS);
            server.write(sent, 50, 450);

            assertArrayEquals(Arrays.copyOfRange(sent, 50, 60), readToEnd(pair.client()).bytes());
            assertEquals(0, readToEnd(pair.server()).bytes().length);
            assertEquals(1, proxy.counts().cuts());
        }
    }

    @Test
    void cutNextIsArmedOnTheNextConnectionFromItsFirstByte() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address())) {
            assertTrue(proxy.cutNext(Direction.CLIENT_TO_SERVER, 3).get(10, TimeUnit.SECONDS));
            try (ProxyEnds.Pair pair = ends.connect(proxy)) {
                byte[] sent = bytes(100, 10);
                pair.client().getOutputStream().write(sent);
                assertArrayEquals(Arrays.copyOf(sent, 3), readToEnd(pair.server()).bytes());
                assertEquals(0, readToEnd(pair.client()).bytes().length);
            }
            try (ProxyEnds.Pair next = ends.connect(proxy)) { // armed once: the one after is left alone
                next.client().getOutputStream().write(bytes(100, 11));
                assertArrayEquals(bytes(100, 11), readExactly(next.server(), 100));
            }
            assertEquals(1, proxy.counts().cuts());
        }
    }

    @Test
    void delayHoldsBytesForAtLeastTheLatencyAndKeepsTheirOrder() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address());
             ProxyEnds.Pair pair = ends.connect(proxy)) {
            assertTrue(proxy.delay(pair.id(), Duration.ofMillis(300)).get(10, TimeUnit.SECONDS));
            assertEquals(300, proxy.connections().get(0).latencyMillis());
            byte[] sent = bytes(40_000, 8);
            long start = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                pair.client().getOutputStream().write(sent, i * 1_000, 1_000);
                pair.server().getOutputStream().write(sent, i * 1_000, 1_000);
            }
            byte[] atServer = readExactly(pair.server(), sent.length);
            long elapsedNanos = System.nanoTime() - start;
            byte[] atClient = readExactly(pair.client(), sent.length);
            // a lower bound the proxy guarantees by construction (no byte leaves before its release
            // time), not a measurement that a slow machine could miss
            assertTrue(elapsedNanos >= 300_000_000L, "bytes arrived " + elapsedNanos / 1_000_000 + " ms after sending");
            assertArrayEquals(sent, atServer);
            assertArrayEquals(sent, atClient);
            assertEquals(1, proxy.counts().delays());

            proxy.delay(pair.id(), Duration.ZERO).get(10, TimeUnit.SECONDS);
            assertEquals(0, proxy.connections().get(0).latencyMillis());
            pair.client().getOutputStream().write(sent, 0, 10);
            assertArrayEquals(Arrays.copyOf(sent, 10), readExactly(pair.server(), 10));
        }
    }

    @Test
    void resetAndBlackHoleAllFaultEveryLiveConnection() throws Exception {
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address())) {
            List<ProxyEnds.Pair> pairs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                pairs.add(ends.connect(proxy));
            }
            assertEquals(5, proxy.blackHoleAll().get(10, TimeUnit.SECONDS));
            assertEquals(5, proxy.counts().blackHoles());
            assertEquals(5, proxy.resetAll().get(10, TimeUnit.SECONDS));
            for (ProxyEnds.Pair pair : pairs) {
                assertEquals(ProxyEnds.Ending.RESET, readToEnd(pair.client()).ending());
                assertEquals(ProxyEnds.Ending.RESET, readToEnd(pair.server()).ending());
                pair.close();
            }
            assertEquals(5, proxy.counts().resets());
        }
    }

    @Test
    void connectionsOverTheCapAreResetAndCounted() throws Exception {
        FaultProxySettings settings = FaultProxySettings.defaults().withMaxConnections(2);
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address(), settings, null);
             ProxyEnds.Pair first = ends.connect(proxy); ProxyEnds.Pair second = ends.connect(proxy)) {
            assertEquals(0, ProxyEnds.connectAndReadToEnd(proxy.address()).bytes().length);
            assertEquals(1, proxy.counts().refusedOverCap());
            assertEquals(2, proxy.connections().size());
        }
    }

    @Test
    void aRefusedUpstreamResetsTheClient() throws Exception {
        InetSocketAddress nothing;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothing = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        try (FaultProxy proxy = FaultProxy.start(nothing)) {
            assertEquals(0, ProxyEnds.connectAndReadToEnd(proxy.address()).bytes().length);
            assertEquals(1, proxy.counts().upstreamFailures());
        }
    }

    @Test
    void carriesManyConnectionsOnItsOneThread() throws Exception {
        int connections = 400;
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address())) {
            List<Socket> clients = new ArrayList<>();
            List<Socket> servers = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    Socket client = new Socket();
                    clients.add(client);
                    client.connect(proxy.address(), ProxyEnds.DEADLINE_MS);
                    client.setSoTimeout(ProxyEnds.DEADLINE_MS);
                    client.getOutputStream().write(bytes(64, i));
                }
                for (int i = 0; i < connections; i++) {
                    Socket server = ends.upstream.accept();
                    servers.add(server);
                    server.setSoTimeout(ProxyEnds.DEADLINE_MS);
                    server.getOutputStream().write(readExactly(server, 64)); // echo
                }
                for (int i = 0; i < connections; i++) {
                    assertArrayEquals(bytes(64, i), readExactly(clients.get(i), 64));
                }
                assertEquals(connections, proxy.connections().size());
                assertEquals(1, threadsNamed("gameport-fault-proxy-" + proxy.address().getPort()));
            } finally {
                for (Socket socket : clients) {
                    socket.close();
                }
                for (Socket socket : servers) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void closeResetsEveryConnectionAndLeavesNoSocketOrThread() throws Exception {
        long fdsBefore = openFileDescriptors();
        String threadName;
        List<ProxyEnds.Pair> pairs = new ArrayList<>();
        try (ProxyEnds ends = new ProxyEnds()) {
            FaultProxy proxy = FaultProxy.start(ends.address());
            threadName = "gameport-fault-proxy-" + proxy.address().getPort();
            for (int i = 0; i < 12; i++) {
                pairs.add(ends.connect(proxy));
            }
            proxy.blackHole(pairs.get(0).id()).get(10, TimeUnit.SECONDS);
            proxy.delay(pairs.get(1).id(), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            proxy.cut(pairs.get(2).id(), Direction.CLIENT_TO_SERVER, 1_000).get(10, TimeUnit.SECONDS);
            pairs.get(1).client().getOutputStream().write(bytes(100, 9)); // held by the latency
            assertEquals(1 + 2 * 12, proxy.openSockets());

            proxy.close();

            assertEquals(0, proxy.openSockets());
            assertEquals(0, threadsNamed(threadName));
            for (ProxyEnds.Pair pair : pairs) {
                assertEquals(ProxyEnds.Ending.RESET, readToEnd(pair.client()).ending());
                assertEquals(ProxyEnds.Ending.RESET, readToEnd(pair.server()).ending());
                pair.close();
            }
            IllegalStateException closed = assertThrows(IllegalStateException.class, proxy::connections);
            assertTrue(closed.getCause().getMessage().contains("closed"), closed.toString());
            proxy.close(); // a second close does nothing
        }
        if (fdsBefore >= 0) {
            assertEquals(fdsBefore, openFileDescriptors(), "file descriptors before the proxy and after its close");
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultProxySettings.defaults().withBufferBytesPerDirection(10));
        assertEquals("FaultProxySettings.bufferBytesPerDirection must be in 256..16777216, was 10", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.everyKind(1, 0));
        assertEquals("FaultSchedule.faultsPerMinute must be in (0, 600000], was 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FaultProxy.start(InetSocketAddress.createUnresolved("nowhere.invalid", 1)));
        assertTrue(e.getMessage().contains("resolved upstream"), e.getMessage());
    }

    private static void write(Socket socket, byte[] bytes, boolean thenShutOutput) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int at = 0; at < bytes.length; at += 7_000) {
                out.write(bytes, at, Math.min(7_000, bytes.length - at));
            }
            if (thenShutOutput) {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }

    /** Open file descriptors of this JVM on Linux, -1 elsewhere. */
    private static long openFileDescriptors() throws IOException {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        if (!java.nio.file.Files.isDirectory(fds)) {
            return -1;
        }
        try (var list = java.nio.file.Files.list(fds)) {
            return list.count();
        }
    }
}

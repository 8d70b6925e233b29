package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket-level behaviour every real backend must show, run once per backend by a subclass
 * naming it (the pattern of Netty's transport test suites). Real sockets on 127.0.0.1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class TransportConformanceTest {

    /** The backend under test: io_uring, nio2 or iocp. */
    abstract String backend();

    private final List<TransportServer> servers = new ArrayList<>();
    final ConcurrentLinkedQueue<Throwable> handlerFailures = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<CloseReason> closeReasons = new ConcurrentLinkedQueue<>();
    final AtomicInteger opened = new AtomicInteger();

    TransportConfig config() {
        // Every client here comes from 127.0.0.1, which the per-address cap does not exempt.
        return TransportConfig.defaults().withBackend(backend()).withWorkers(2).withMaxConnectionsPerAddress(TransportConfig.DEFAULT_MAX_CONNECTIONS);
    }

    /** The server's TLS context, or null for the plaintext suite. */
    io.gameport.tls.TlsContext serverTls() {
        return null;
    }

    /** A client speaking the server's protocol (TLS in the TLS subclasses), connected and ready. */
    FrameClient client(int port) throws IOException {
        return new FrameClient(port);
    }

    /** Bytes a peer writes before it resets: part of a frame (the TLS suites: part of a record). */
    byte[] cutOffBytes() {
        return new byte[] {0, 0, 1, 0, 1, 2, 3};
    }

    TransportClient transportClient(TransportConfig config) throws IOException {
        return new TransportClient(config);
    }

    TransportServer startEcho(TransportConfig config) throws IOException {
        TransportServer server = TransportServer.start(config, new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
            @Override
            public void onOpen(Connection connection) {
                opened.incrementAndGet();
            }

            @Override
            public void onFrame(Connection connection, ByteBuffer payload) {
                try {
                    connection.send(payload);
                } catch (Throwable t) {
                    handlerFailures.add(t);
                    throw t;
                }
            }

            @Override
            public void onClose(Connection connection, CloseReason reason) {
                closeReasons.add(reason);
            }
        }, new ErrorMetrics(), serverTls());
        assertEquals(backend(), server.backendName(), "the backend asked for is the one running");
        servers.add(server);
        return server;
    }

    @AfterEach
    void stopServers() {
        for (TransportServer server : servers) {
            server.close();
            assertEquals(0, server.workers().staleCompletions(), "no completion may arrive for a released connection");
        }
        assertTrue(handlerFailures.isEmpty(), () -> "handler failures: " + handlerFailures);
    }

    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void echoesFramesOfEverySizeByteExact() throws Exception {
        TransportServer server = startEcho(config().withMaxFrameBytes(8 << 20));
        try (FrameClient client = client(server.port())) {
            int[] sizes = {0, 1, 64, 64 * 1024, 4 << 20};
            for (int size : sizes) {
                byte[] payload = pattern(size, size);
                client.writeFrame(payload);
                client.flush();
                assertArrayEquals(payload, client.readFrame(), "echo of a " + size + "-byte frame");
            }
        }
    }

    @Test
    void thousandConnectionsEachGetTheirHundredFramesBackInOrder() throws Exception {
        TransportServer server = startEcho(config());
        int connections = 1000;
        int frames = 100;
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<FrameClient> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                clients.add(client(server.port()));
            }
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                results.add(pool.submit(() -> {
                    for (int c = first; c < connections; c += threads) {
                        FrameClient client = clients.get(c);
                        for (int f = 0; f < frames; f++) {
                            client.writeFrame(frameBody(c, f));
                        }
                        client.flush();
                    }
                    for (int c = first; c < connections; c += threads) {
                        FrameClient client = clients.get(c);
                        for (int f = 0; f < frames; f++) {
                            assertArrayEquals(frameBody(c, f), client.readFrame(), "connection " + c + " frame " + f);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
            for (FrameClient client : clients) {
                client.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] frameBody(int connection, int frame) {
        return ("c" + connection + "-f" + frame + "-" + "x".repeat(frame % 17)).getBytes();
    }

    @Test
    void frameWrittenOneByteAtATimeAndManyFramesInOneWriteDecodeIdentically() throws Exception {
        TransportServer server = startEcho(config());
        List<byte[]> payloads = new ArrayList<>();
        ByteBuffer stream = ByteBuffer.allocate(64 * 1024);
        for (int i = 0; i < 50; i++) {
            byte[] payload = pattern(i * 13, i);
            payloads.add(payload);
            stream.putInt(payload.length).put(payload);
        }
        byte[] bytes = new byte[stream.position()];
        stream.flip().get(bytes);

        try (FrameClient trickle = client(server.port()); FrameClient burst = client(server.port())) {
            OutputStream raw = trickle.socket.getOutputStream();
            for (byte b : bytes) {
                raw.write(b);
                raw.flush();
            }
            burst.socket.getOutputStream().write(bytes);
            for (byte[] payload : payloads) {
                assertArrayEquals(payload, trickle.readFrame());
                assertArrayEquals(payload, burst.readFrame());
            }
        }
    }

    @Test
    void readerThatFallsBehindReceivesThirtyTwoMebibytesCompleteAndInOrder() throws Exception {
        // A small server send buffer makes the kernel take each gathered send only in part.
        TransportServer server = startEcho(config().withMaxFrameBytes(2 << 20)
                .withSocketOptions(new SocketOptions(true, 4096, 0)));
        int frames = 32;
        int frameBytes = 1 << 20;
        try (FrameClient client = client(server.port())) {
            // Write everything before reading anything: the echo backs up in the server's
            // outbound queue and socket buffers, so its sends complete partially.
            for (int f = 0; f < frames; f++) {
                client.writeFrame(pattern(frameBytes, f));
            }
            client.flush();
            for (int f = 0; f < frames; f++) {
                assertArrayEquals(pattern(frameBytes, f), client.readFrame(), "frame " + f);
            }
        }
        if (kernelTakesBackedUpSendsInPart()) {
            assertTrue(server.workers().partialSends() > 0, "the kernel took some sends only in part");
        }
    }

    /** Whether a send to a backed-up socket completes with fewer bytes than offered on this backend. */
    boolean kernelTakesBackedUpSendsInPart() {
        return true;
    }

    @Test
    void abortiveCloseMidFrameClosesOnlyThatConnectionAndLeaksNothing() throws Exception {
        TransportServer server = startEcho(config());
        try (FrameClient survivor = client(server.port())) {
            awaitOpened(1);
            for (int i = 0; i < 20; i++) {
                // The reset must reach an accepted connection: a peer that resets before its accept
                // is reaped is a failed accept instead (Wine's AcceptEx then reports 10057), which
                // never becomes a connection and is covered by the ports' own accept-failure tests.
                FrameClient doomed = client(server.port());
                awaitOpened(i + 2);
                doomed.raw.getOutputStream().write(cutOffBytes());
                doomed.raw.setSoLinger(true, 0);
                doomed.raw.close();
            }
            survivor.writeFrame(new byte[] {42});
            survivor.flush();
            assertArrayEquals(new byte[] {42}, survivor.readFrame());
        }
        awaitReleased(server, 21);
    }

    @Test
    void serverClosesConnectionsWithReceivesPendingWhenStopped() throws Exception {
        TransportServer server = startEcho(config());
        List<FrameClient> idle = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            idle.add(client(server.port()));
        }
        // Each connection has a receive armed and nothing to read: stopping must cancel them all.
        idle.get(0).writeFrame(new byte[] {1});
        idle.get(0).flush();
        assertArrayEquals(new byte[] {1}, idle.get(0).readFrame());
        awaitOpened(50);
        server.close();
        for (FrameClient client : idle) {
            assertTrue(client.closedByServer(), "server closed the idle connection");
            client.close();
        }
        assertEquals(50, server.workers().releasedConnections());
        assertTrue(closeReasons.stream().allMatch(r -> r == CloseReason.SERVER_STOPPING), () -> "reasons " + closeReasons);
    }

    @Test
    void connectAndCloseProbesAreHarmless() throws Exception {
        TransportServer server = startEcho(config());
        for (int i = 0; i < 200; i++) {
            new Socket("127.0.0.1", server.port()).close();
        }
        try (FrameClient client = client(server.port())) {
            client.writeFrame(new byte[] {7});
            client.flush();
            assertArrayEquals(new byte[] {7}, client.readFrame());
        }
        awaitReleased(server, 201);
    }

    @Test
    void oversizedAndNegativeLengthsCloseOnlyTheOffendingConnection() throws Exception {
        TransportServer server = startEcho(config().withMaxFrameBytes(1024));
        try (FrameClient good = client(server.port());
             FrameClient oversized = client(server.port());
             FrameClient negative = client(server.port())) {
            oversized.out.writeInt(1025);
            oversized.flush();
            negative.out.writeInt(-5);
            negative.flush();
            assertTrue(oversized.closedByServer(), "oversized frame closes its connection");
            assertTrue(negative.closedByServer(), "negative length closes its connection");
            byte[] max = pattern(1024, 3);
            good.writeFrame(max);
            good.flush();
            assertArrayEquals(max, good.readFrame(), "the well-behaved connection carries on");
        }
        awaitReleased(server, 3);
        assertTrue(closeReasons.contains(CloseReason.FRAME_TOO_LARGE));
        assertTrue(closeReasons.contains(CloseReason.NEGATIVE_FRAME_LENGTH));
    }

    @Test
    void connectToAnUnresolvedAddressFailsOnlyThatConnectAndItsWorkerKeepsServing() throws Exception {
        TransportServer server = startEcho(config());
        // One worker: the failing connect runs on the worker that carries the live connection.
        try (TransportClient client = transportClient(config().withWorkers(1))) {
            java.util.concurrent.BlockingQueue<byte[]> echoes = new java.util.concurrent.LinkedBlockingQueue<>();
            ConnectionHandler collect = (connection, payload) -> {
                byte[] copy = new byte[payload.remaining()];
                payload.get(copy);
                echoes.add(copy);
            };
            InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", server.port());
            Connection live = client.connect(serverAddress, collect).get(10, TimeUnit.SECONDS);

            java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> client.connect(InetSocketAddress.createUnresolved("no-such-host.invalid", 9), collect)
                            .get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof ConnectFailedException, () -> "cause: " + failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("EADDRNOTAVAIL"), failed.getCause().getMessage());

            assertTrue(live.isOpen(), "the worker's other connection is untouched");
            assertEquals(SendResult.QUEUED, live.send(ByteBuffer.wrap(new byte[] {1, 2, 3})));
            assertArrayEquals(new byte[] {1, 2, 3}, echoes.poll(10, TimeUnit.SECONDS), "and still carries frames both ways");
            Connection later = client.connect(serverAddress, collect).get(10, TimeUnit.SECONDS);
            assertTrue(later.isOpen(), "the worker still connects");
            assertEquals(1, client.workers().releasedConnections(), "the failed connect released its connection once");
        }
    }

    @Test
    void stoppedServerLeavesNoDescriptorsOrWorkerThreadsBehind() throws Exception {
        // Warm up once so class loading and JNA's own files are not counted as the server's.
        startEcho(config()).close();
        java.util.Map<String, String> fdsBefore = kernelDescriptors();
        java.util.Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        TransportServer server = startEcho(config());
        List<FrameClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FrameClient client = client(server.port());
            client.writeFrame(new byte[] {(byte) i});
            client.flush();
            assertArrayEquals(new byte[] {(byte) i}, client.readFrame());
            clients.add(client);
        }
        for (FrameClient client : clients.subList(0, 10)) {
            client.close();
        }
        server.close();
        for (FrameClient client : clients.subList(10, 20)) {
            client.close();
        }
        java.util.Map<String, String> fdsAfter = kernelDescriptors();
        fdsAfter.entrySet().removeIf(e -> e.getValue().equals(fdsBefore.get(e.getKey())));
        assertTrue(fdsAfter.isEmpty(), () -> "sockets, rings or eventfds left open after stop: " + fdsAfter);
        List<String> survivors = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !threadsBefore.contains(t) && t.getName().startsWith("gameport"))
                .map(Thread::getName).toList();
        assertTrue(survivors.isEmpty(), () -> "threads that survived stop: " + survivors);
    }

    /**
     * This process's socket, io_uring and eventfd descriptors (number to link target, e.g.
     * {@code socket:[1234]}), or nothing where /proc is not there (Windows). Files such as jars
     * that the JVM opens lazily are left out: they are not the server's.
     */
    static java.util.Map<String, String> kernelDescriptors() throws IOException {
        java.util.Map<String, String> result = new java.util.HashMap<>();
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return result;
        }
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:") || target.startsWith("anon_inode:")) {
                        result.put(fd.getFileName().toString(), target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed since the listing: not the server's
                }
            }
        }
        return result;
    }

    void awaitReleased(TransportServer server, long count) throws InterruptedException {
        // Releases happen on the workers after the clients' closes arrive; wait for them (the test's timeout bounds this).
        while (server.workers().releasedConnections() < count) {
            Thread.sleep(5);
        }
        assertEquals(count, server.workers().releasedConnections());
    }

    void awaitOpened(int count) throws InterruptedException {
        while (opened.get() < count) {
            Thread.sleep(5);
        }
    }
}

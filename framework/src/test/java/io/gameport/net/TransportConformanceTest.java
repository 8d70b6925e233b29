package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.testing.FrameClient;
import io.gameport.transport.Backend;
import io.gameport.log.PeerLogs;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
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
    final java.util.concurrent.atomic.AtomicReference<Connection> lastOpened = new java.util.concurrent.atomic.AtomicReference<>();

    /** The frame size of this suite's servers and clients unless a test says otherwise. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    TransportSettings config() {
        // Every client here comes from 127.0.0.1, which the per-address cap does not exempt.
        return TransportSettings.defaults().withBackend(Backend.fromId(backend())).withWorkers(2).withMaxConnectionsPerAddress(TransportSettings.DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * True in the TLS subclasses: the same suite with every connection speaking TLS (the server
     * with {@link TlsConformanceSupport#SERVER}, clients trusting its certificate), so each
     * behaviour is proven through the TLS stage as well.
     */
    boolean overTls() {
        return false;
    }

    /** The server's TLS context, or null for the plaintext suite. */
    final io.gameport.tls.TlsContext serverTls() {
        return overTls() ? TlsConformanceSupport.SERVER : null;
    }

    /** A client speaking the server's protocol (TLS over TLS), connected and ready. */
    final FrameClient client(int port) throws IOException {
        return overTls() ? new FrameClient(port, TlsConformanceSupport.SOCKETS) : new FrameClient(port);
    }

    /** Bytes a peer writes before it resets: part of a frame (over TLS: part of a record). */
    final byte[] cutOffBytes() {
        return overTls() ? TlsConformanceSupport.CUT_OFF_RECORD.clone() : new byte[] {0, 0, 1, 0, 1, 2, 3};
    }

    /** A transport client speaking the server's protocol. */
    final TransportClient transportClient(TransportSettings config) throws IOException {
        PeerLogs logs = PeerLogs.defaults();
        return new TransportClient(config, MAX_FRAME_BYTES, new ErrorMetrics(logs), logs, overTls() ? TlsConformanceSupport.CLIENT : null);
    }

    TransportServer startEcho(TransportSettings config) throws IOException {
        return startEcho(config, MAX_FRAME_BYTES);
    }

    TransportServer startEcho(TransportSettings config, int maxFrameBytes) throws IOException {
        return start(config, maxFrameBytes, (connection, payload) -> connection.send(payload));
    }

    /**
     * Starts a server whose connections {@code handler} serves; every open, close reason and
     * handler failure is recorded for the checks after each test. The connection last opened is
     * in {@link #lastOpened}.
     */
    TransportServer start(TransportSettings config, ConnectionHandler handler) throws IOException {
        return start(config, MAX_FRAME_BYTES, handler);
    }

    TransportServer start(TransportSettings config, int maxFrameBytes, ConnectionHandler handler) throws IOException {
        TransportServer server = TransportServer.start(config, maxFrameBytes, new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
            @Override
            public void onOpen(Connection connection) {
                lastOpened.set(connection);
                opened.incrementAndGet();
                handler.onOpen(connection);
            }

            @Override
            public void onFrame(Connection connection, ByteBuffer payload) {
                try {
                    handler.onFrame(connection, payload);
                } catch (Throwable t) {
                    handlerFailures.add(t);
                    throw t;
                }
            }

            @Override
            public void onClose(Connection connection, CloseReason reason) {
                closeReasons.add(reason);
                handler.onClose(connection, reason);
            }
        }, new ErrorMetrics(), PeerLogs.defaults(), serverTls());
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
        TransportServer server = startEcho(config(), 8 << 20);
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
        TransportServer server = startEcho(config().withSocket(new SocketSettings(true, 4096, 0)), 2 << 20);
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
        TransportServer server = startEcho(config(), 1024);
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

    @Test
    void peerClosesAreNamedByWhereThePeersStreamEnded() throws Exception {
        TransportServer server = startEcho(config());
        try (FrameClient clean = client(server.port());
             FrameClient midFrame = client(server.port());
             FrameClient resetting = client(server.port())) {
            awaitOpened(3);
            clean.writeFrame(new byte[] {1});
            clean.flush();
            assertArrayEquals(new byte[] {1}, clean.readFrame());
            clean.close();
            awaitReleased(server, 1);
            assertEquals(1, server.workers().closeCount(CloseReason.PEER_CLOSED), () -> "after a whole frame: " + closeReasons);

            midFrame.out.writeInt(100);
            midFrame.out.write(new byte[10]);
            midFrame.flush();
            midFrame.close();
            awaitReleased(server, 2);
            assertEquals(1, server.workers().closeCount(CloseReason.PEER_CLOSED_MID_FRAME), () -> "10 of 100 bytes: " + closeReasons);

            resetting.raw.setSoLinger(true, 0);
            resetting.raw.close();
            awaitReleased(server, 3);
            assertEquals(1, server.workers().closeCount(CloseReason.PEER_RESET), () -> "a reset: " + closeReasons);
        }
    }

    @Test
    void peerShuttingDownItsOutputIsClosedOnceAndSeesTheEnd() throws Exception {
        TransportServer server = startEcho(config());
        try (FrameClient half = client(server.port())) {
            half.writeFrame(new byte[] {3});
            half.flush();
            assertArrayEquals(new byte[] {3}, half.readFrame());
            half.raw.shutdownOutput(); // TCP's half-close, under TLS without a close_notify
            assertTrue(half.closedByServer(), "the server closes its side too");
        }
        awaitReleased(server, 1);
        CloseReason expected = overTls() ? CloseReason.TLS_TRUNCATED : CloseReason.PEER_CLOSED;
        assertEquals(List.of(expected), List.copyOf(closeReasons));
    }

    @Test
    void closeAfterSendingDeliversTheFramesQueuedBeforeItAndCloseEndsAtOnce() throws Exception {
        TransportServer server = start(config(), (connection, payload) -> {
            byte command = payload.get(payload.position());
            if (command == 'C') {
                connection.close(CloseReason.LOCAL_CLOSE);
                return;
            }
            connection.send(payload);
            if (command == 'L') {
                connection.closeAfterSending(CloseReason.LOCAL_CLOSE, 10_000);
            }
        });
        try (FrameClient lingering = client(server.port()); FrameClient abrupt = client(server.port())) {
            byte[] big = pattern(256 * 1024, 11);
            big[0] = 'x';
            lingering.writeFrame(big);
            lingering.writeFrame(new byte[] {'L'});
            lingering.flush();
            assertArrayEquals(big, lingering.readFrame(), "the frame queued before the close is delivered");
            assertArrayEquals(new byte[] {'L'}, lingering.readFrame());
            assertTrue(lingering.closedByServer(), "then the connection ends");

            abrupt.writeFrame(new byte[] {'C'});
            abrupt.flush();
            assertTrue(abrupt.closedByServer(), "close ends the connection");
        }
        awaitReleased(server, 2);
        assertEquals(2, server.workers().closeCount(CloseReason.LOCAL_CLOSE), () -> "reasons " + closeReasons);
    }

    @Test
    void framesSentFromAnotherThreadArriveInTheOrderSent() throws Exception {
        TransportServer server = startEcho(config());
        try (FrameClient client = client(server.port())) {
            awaitOpened(1);
            Connection connection = lastOpened.get();
            for (int i = 0; i < 2_000; i++) {
                assertEquals(SendResult.QUEUED, connection.send(ByteBuffer.wrap(frameBody(7, i))));
            }
            for (int i = 0; i < 2_000; i++) {
                assertArrayEquals(frameBody(7, i), client.readFrame(), "frame " + i);
            }
        }
        awaitReleased(server, 1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SendQuotaPolicy.class)
    void aSendOverTheConnectionsQuotaGetsThePolicysResultAndQuotaComesBackAsThePeerReads(SendQuotaPolicy policy) throws Exception {
        long cap = 256 * 1024;
        SendQuotaSettings quota = new SendQuotaSettings(1_000, cap, 64L << 20, policy);
        TransportServer server = startEcho(config().withSendQuota(quota).withSocket(new SocketSettings(true, 4096, 0)));
        SendResult overQuota = switch (policy) {
            case REJECT -> SendResult.REJECTED;
            case DROP -> SendResult.DROPPED;
            case DISCONNECT -> SendResult.DISCONNECTED;
        };
        try (FrameClient client = client(server.port())) {
            awaitOpened(1);
            Connection connection = lastOpened.get();
            // The peer reads nothing: once the kernel's buffers are full the frames stay pending.
            int queued = 0;
            SendResult result = SendResult.QUEUED;
            for (int i = 0; i < 100_000 && result == SendResult.QUEUED; i++) {
                result = connection.send(ByteBuffer.wrap(pattern(16 * 1024, i)));
                if (result == SendResult.QUEUED) {
                    queued++;
                }
                assertTrue(connection.pendingBytes() <= cap, () -> "pending " + connection.pendingBytes() + " over the cap " + cap);
            }
            assertEquals(overQuota, result, "a send over the quota, policy " + policy);
            if (policy == SendQuotaPolicy.DISCONNECT) {
                // Closed at once: the peer gets a prefix of the queued frames, then the end.
                int read = 0;
                try {
                    while (true) {
                        byte[] frameRead = client.readFrame();
                        assertTrue(read < queued, "more frames than were queued");
                        assertArrayEquals(pattern(16 * 1024, read), frameRead, "queued frame " + read);
                        read++;
                    }
                } catch (java.io.EOFException | java.net.SocketException | javax.net.ssl.SSLException end) {
                    // the connection ended
                }
                awaitReleased(server, 1);
                assertEquals(List.of(CloseReason.SEND_QUOTA_EXCEEDED), List.copyOf(closeReasons));
                return;
            }
            for (int i = 0; i < queued; i++) {
                assertArrayEquals(pattern(16 * 1024, i), client.readFrame(), "queued frame " + i + " of " + queued);
            }
            while (connection.pendingBytes() > 0) {
                Thread.sleep(5); // acknowledged sends return their quota; the test's timeout bounds this
            }
            assertEquals(0, connection.pendingFrames());
            assertEquals(SendResult.QUEUED, connection.send(ByteBuffer.wrap(new byte[] {9})), "quota came back");
            assertArrayEquals(new byte[] {9}, client.readFrame());
        }
    }

    @Test
    void connectionsPastTheCapsAreClosedAtAcceptBeforeAnyHandlerAndTheListenerGoesOn() throws Exception {
        TransportServer server = startEcho(config().withMaxConnectionsPerAddress(2).withMaxConnections(3));
        try (FrameClient first = client(server.port()); FrameClient second = client(server.port())) {
            awaitOpened(2);
            // Plain TCP even in the TLS suite: a connection closed at accept never gets to a handshake.
            try (FrameClient overPerAddress = new FrameClient(server.port())) {
                assertTrue(overPerAddress.closedByServer(), "over the per-address cap: closed at accept");
            }
            assertEquals(1, server.workers().closeCount(CloseReason.MAX_CONNECTIONS_PER_ADDRESS));
            assertEquals(2, opened.get(), "a connection refused at accept never reaches the handler");
            for (FrameClient client : List.of(first, second)) {
                client.writeFrame(new byte[] {5});
                client.flush();
                assertArrayEquals(new byte[] {5}, client.readFrame(), "the admitted connections carry on");
            }
        }
        while (admitted(server) > 0) {
            Thread.sleep(5); // a connection counts until its socket is released; the test's timeout bounds this
        }
        // Both were released, so two more from the same address are served.
        try (FrameClient again = client(server.port()); FrameClient andAgain = client(server.port())) {
            again.writeFrame(new byte[] {6});
            again.flush();
            assertArrayEquals(new byte[] {6}, again.readFrame());
            andAgain.writeFrame(new byte[] {7});
            andAgain.flush();
            assertArrayEquals(new byte[] {7}, andAgain.readFrame());
        }
        assertEquals(0, server.workers().closeCount(CloseReason.MAX_CONNECTIONS));
    }

    /** Connections the accepting worker (worker 0) counts against its caps, read on that worker. */
    private static int admitted(TransportServer server) throws Exception {
        IoWorker acceptor = server.workers().worker(0);
        java.util.concurrent.CompletableFuture<Integer> count = new java.util.concurrent.CompletableFuture<>();
        acceptor.execute((WorkerTask) () -> count.complete(acceptor.admittedConnections()));
        return count.get(30, TimeUnit.SECONDS);
    }

    @Test
    void connectionsPastTheTotalCapAreClosedAtAccept() throws Exception {
        TransportServer server = startEcho(config().withMaxConnections(2));
        try (FrameClient first = client(server.port()); FrameClient second = client(server.port())) {
            awaitOpened(2);
            try (FrameClient over = new FrameClient(server.port())) {
                assertTrue(over.closedByServer(), "over the total cap: closed at accept");
            }
            assertEquals(1, server.workers().closeCount(CloseReason.MAX_CONNECTIONS));
            assertEquals(2, opened.get());
            first.writeFrame(new byte[] {1});
            first.flush();
            assertArrayEquals(new byte[] {1}, first.readFrame());
        }
    }

    @Test
    void aSilentConnectionIsClosedForIdlenessWhileOneThatSpeaksStaysOpen() throws Exception {
        TransportServer server = startEcho(config().withIdleTimeoutMs(1_000));
        try (FrameClient silent = client(server.port()); FrameClient chatty = client(server.port())) {
            awaitOpened(2);
            java.util.concurrent.atomic.AtomicBoolean silentClosed = new java.util.concurrent.atomic.AtomicBoolean();
            Thread watcher = new Thread(() -> {
                try {
                    silentClosed.set(silent.closedByServer());
                } catch (IOException e) {
                    silentClosed.set(true);
                }
            }, "idle-watcher");
            watcher.start();
            byte i = 0;
            while (watcher.isAlive()) {
                chatty.writeFrame(new byte[] {i});
                chatty.flush();
                assertArrayEquals(new byte[] {i}, chatty.readFrame(), "the connection that speaks is served");
                i++;
                Thread.sleep(50);
            }
            assertTrue(silentClosed.get());
            assertEquals(List.of(CloseReason.IDLE_TIMEOUT), List.copyOf(closeReasons));
            assertEquals(1, server.workers().closeCount(CloseReason.IDLE_TIMEOUT));
        }
    }

    @Test
    void partialFramesPastTheWorkersBudgetCloseTheConnectionHoldingTheMostAndTheOthersFinish() throws Exception {
        int frame = 64 * 1024;
        TransportServer server = startEcho(config().withWorkers(1).withMaxPartialFrameBytesPerWorker(100 * 1024), frame);
        byte[] big = pattern(frame, 1);
        byte[] small = pattern(frame, 2);
        try (FrameClient most = client(server.port());
             FrameClient second = client(server.port());
             FrameClient third = client(server.port())) {
            awaitOpened(3);
            // 62 KiB held by one, 24 KiB by each other: together past 100 KiB in any arrival order,
            // and at that moment the first always holds the most.
            most.out.writeInt(frame);
            most.out.write(big, 0, 62 * 1024);
            most.flush();
            for (FrameClient client : List.of(second, third)) {
                client.out.writeInt(frame);
                client.out.write(small, 0, 24 * 1024);
                client.flush();
            }
            assertTrue(most.closedByServer(), "the connection holding the most is closed");
            for (FrameClient client : List.of(second, third)) {
                client.out.write(small, 24 * 1024, frame - 24 * 1024);
                client.flush();
                assertArrayEquals(small, client.readFrame(), "the others finish their frames");
            }
        }
        assertEquals(List.of(CloseReason.PARTIAL_FRAME_BUDGET), closeReasons.stream()
                .filter(r -> r != CloseReason.PEER_CLOSED).toList());
        assertEquals(1, server.workers().closeCount(CloseReason.PARTIAL_FRAME_BUDGET));
    }

    @Test
    void connectToAClosedPortFailsAsRefusedAndTheClientKeepsConnecting() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        TransportServer server = startEcho(config());
        try (TransportClient client = transportClient(config().withWorkers(1))) {
            ConnectionHandler ignore = (connection, payload) -> { };
            java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> client.connect(new InetSocketAddress("127.0.0.1", closedPort), ignore).get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof ConnectFailedException refused
                    && refused.outcome() == io.gameport.transport.Outcome.REFUSED, () -> "cause: " + failed.getCause());
            Connection later = client.connect(new InetSocketAddress("127.0.0.1", server.port()), ignore).get(10, TimeUnit.SECONDS);
            assertTrue(later.isOpen(), "the client still connects");
        }
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
        // Releases happen on the workers after the clients' closes arrive: wait for them, and when
        // they fall short say what is left, well within the test's own timeout.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.workers().releasedConnections() < count && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertEquals(count, server.workers().releasedConnections(), () -> releaseReport(server));
    }

    /** Opened, released, closed by reason (the handler's and the workers' counts), stale completions. */
    String releaseReport(TransportServer server) {
        WorkerGroup workers = server.workers();
        StringBuilder report = new StringBuilder("opened ").append(workers.openedConnections())
                .append(", released ").append(workers.releasedConnections())
                .append(", handler closes ").append(closeReasons).append(", worker closes:");
        for (CloseReason reason : CloseReason.values()) {
            long closes = workers.closeCount(reason);
            if (closes > 0) {
                report.append(' ').append(reason).append('=').append(closes);
            }
        }
        return report.append(", stale completions ").append(workers.staleCompletions())
                .append(", orphaned sockets ").append(workers.orphanedSockets())
                .append(", kernel sockets on the server's port: ").append(tcpSocketsOnPort(server.port())).toString();
    }

    /** Linux: the server side's TCP sockets on {@code port} from /proc/net/tcp, as "state/rx-queue" (01 established, 08 close-wait). */
    static List<String> tcpSocketsOnPort(int port) {
        List<String> found = new ArrayList<>();
        String local = String.format(":%04X", port);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 4 && f[1].endsWith(local) && !f[3].equals("0A")) {
                    found.add(f[3] + "/rx=" + Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16));
                }
            }
        } catch (IOException | RuntimeException e) {
            found.add("unreadable: " + e);
        }
        return found;
    }

    void awaitOpened(int count) throws InterruptedException {
        while (opened.get() < count) {
            Thread.sleep(5);
        }
    }
}

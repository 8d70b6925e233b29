package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.gameport.nativeio.windows.Kernel32;
import io.gameport.nativeio.windows.WinCallException;
import io.gameport.nativeio.windows.WinConstants;
import io.gameport.nativeio.windows.WinError;
import io.gameport.nativeio.windows.Winsock;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import io.gameport.transport.SocketOptions;
import io.gameport.transport.iocp.PortHarness.Completion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The IOCP port against real Winsock: java.net clients and servers on 127.0.0.1 talk to sockets the
 * port accepts or connects. Runs on Windows only (under Wine too, whose os.name is Windows);
 * skipped elsewhere.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(60)
class IocpPortTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final long ACCEPT = 1;
    private static final long RECEIVE = 2;
    private static final long SEND = 3;
    private static final long CLOSE = 4;
    private static final long CONNECT = 5;
    private static final long CLOSE_LISTENER = 6;

    private final ErrorMetrics metrics = new ErrorMetrics();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private PortHarness open(IocpSettings settings) throws IOException {
        IocpBackend backend = IocpBackend.open(SocketOptions.DEFAULTS, metrics, settings);
        cleanup.add(backend);
        IocpPort port = (IocpPort) backend.openPort();
        cleanup.add(port);
        PortHarness harness = new PortHarness(port);
        cleanup.add(harness);
        return harness;
    }

    private PortHarness open() throws IOException {
        return open(IocpSettings.DEFAULTS);
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        cleanup.add(resource);
        return resource;
    }

    /** Listens, arms accept, connects a java.net client; returns {listener, accepted socket}. */
    private long[] acceptOne(PortHarness h, Socket client) throws IOException {
        long listener = h.listen(LOOPBACK_ANY_PORT, ACCEPT);
        client.connect(h.port.localAddress(listener), 5_000);
        Completion accepted = h.await(ACCEPT);
        assertTrue(accepted.result() > 0, "accept result is a socket handle: " + accepted);
        h.track(accepted.result());
        assertTrue(accepted.more(), "accept stays armed");
        return new long[] {listener, accepted.result()};
    }

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
        b.put(bytes).flip();
        return b;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        assertEquals(n, bytes.length, "stream ended early");
        return bytes;
    }

    private static byte[] pattern(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Sends everything, resending the rest after partial completions, as a connection does. */
    private static void sendAll(PortHarness h, long socket, ByteBuffer[] buffers) throws IOException {
        int offset = 0;
        while (offset < buffers.length) {
            h.port.send(socket, buffers, offset, buffers.length - offset, SEND);
            Completion sent = h.await(SEND);
            assertFalse(sent.failed(), "send failed: " + sent);
            long left = sent.result();
            for (ByteBuffer b : buffers) {
                int take = (int) Math.min(left, b.remaining());
                b.position(b.position() + take);
                left -= take;
            }
            while (offset < buffers.length && !buffers[offset].hasRemaining()) {
                offset++;
            }
        }
    }

    @Test
    void acceptedSocketEchoesWhatAJavaClientSends() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);

        client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
        byte[] received = h.receiveExactly(RECEIVE, 4);
        assertEquals("ping", new String(received, StandardCharsets.US_ASCII));

        sendAll(h, sockets[1], new ByteBuffer[] {direct(received)});
        assertEquals("ping", new String(readFully(client.getInputStream(), 4), StandardCharsets.US_ASCII));
        assertEquals(client.getLocalSocketAddress(), h.port.remoteAddress(sockets[1]));
    }

    @Test
    void gatheredSendWritesEveryBufferInOrderInOneCompletion() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        byte[] a = pattern(100, 1);
        byte[] b = pattern(3_000, 2);
        byte[] c = pattern(7, 3);
        ByteBuffer[] buffers = {direct(a), direct(b), direct(c)};
        // Offset 0 of a larger array with a leading buffer that must not be sent.
        ByteBuffer[] withSkipped = {direct(pattern(50, 9)), buffers[0], buffers[1], buffers[2]};

        h.port.send(sockets[1], withSkipped, 1, 3, SEND);
        Completion sent = h.await(SEND);
        assertEquals(a.length + b.length + c.length, sent.result());
        assertFalse(sent.more());

        byte[] expected = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        System.arraycopy(c, 0, expected, a.length + b.length, c.length);
        assertArrayEquals(expected, readFully(client.getInputStream(), expected.length));
        assertEquals(0, buffers[0].position(), "the port leaves the caller's positions alone");
    }

    @Test
    void sendOfMoreBuffersThanOneWsaSendTakesCompletesInPartAndTheRestFollows() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        int count = SlotLayout.MAX_WSABUFS + 4;
        ByteBuffer[] buffers = new ByteBuffer[count];
        byte[] expected = new byte[count * 10];
        for (int i = 0; i < count; i++) {
            byte[] part = pattern(10, 300 + i);
            System.arraycopy(part, 0, expected, i * 10, 10);
            buffers[i] = direct(part);
        }

        h.port.send(sockets[1], buffers, 0, count, SEND);
        Completion first = h.await(SEND);
        assertEquals(SlotLayout.MAX_WSABUFS * 10, first.result(), "one WSASend takes 16 WSABUFs: a partial send");

        int rest = SlotLayout.MAX_WSABUFS;
        h.port.send(sockets[1], buffers, rest, count - rest, SEND);
        assertEquals((count - rest) * 10, h.await(SEND).result());
        assertArrayEquals(expected, readFully(client.getInputStream(), expected.length));
    }

    @Test
    void receiveEndsWithZeroBytesWhenThePeerShutsDownItsOutput() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);

        client.getOutputStream().write(new byte[] {7, 8});
        client.shutdownOutput();

        byte[] data = h.receiveExactly(RECEIVE, 2);
        assertArrayEquals(new byte[] {7, 8}, data);
        Completion eof = h.await(RECEIVE);
        assertEquals(0, eof.result(), "end of stream: " + eof);
        assertFalse(eof.more(), "end of stream ends the receive");
        h.closeSocket(sockets[1], CLOSE);
        assertEquals(0, h.await(CLOSE).result());
        assertEquals(IocpSettings.DEFAULTS.acceptsPerListener(), h.port.operationsInFlight(), "only the accept pool is left");
    }

    @Test
    void receiveFailsAsPeerResetWhenThePeerAborts() throws Exception {
        PortHarness h = open();
        Socket client = new Socket();
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);

        client.setSoLinger(true, 0);
        client.close(); // RST

        Completion reset = h.await(RECEIVE);
        assertTrue(reset.failed(), "a reset fails the receive: " + reset);
        assertEquals(Outcome.PEER_RESET, ErrorClassifier.classify(ErrorSpace.WINDOWS, reset.errorCode()),
                WinError.name(reset.errorCode()));
        assertFalse(reset.more());
        h.closeSocket(sockets[1], CLOSE);
        h.await(CLOSE);
        assertEquals(IocpSettings.DEFAULTS.acceptsPerListener(), h.port.operationsInFlight(), "only the accept pool is left");
    }

    @Test
    void closeWithAReceivePendingAbortsItAndCompletesTheCloseOnceAfterIt() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);
        h.port.poll(h, false); // the zero-byte receive is now in the kernel
        assertEquals(1 + IocpSettings.DEFAULTS.acceptsPerListener(), h.port.operationsInFlight());

        h.closeSocket(sockets[1], CLOSE);

        assertEquals(0, h.await(CLOSE).result());
        // await(CLOSE) leaves earlier completions in the list: the receive's must be there already.
        Completion aborted = h.completions.remove(0);
        assertEquals(RECEIVE, aborted.token(), "the aborted receive completes before the close");
        assertEquals(Completions.failure(WinError.ERROR_OPERATION_ABORTED), aborted.result());
        assertFalse(aborted.more());
        assertTrue(h.pollQuietly(5).isEmpty(), "nothing after the close");
        assertEquals(IocpSettings.DEFAULTS.acceptsPerListener(), h.port.operationsInFlight(), "only the accept pool is left");
        assertEquals(-1, client.getInputStream().read(), "the peer sees our FIN");
    }

    @Test
    void cancelEndsAnArmedReceiveAsAborted() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);
        h.port.poll(h, false);

        h.port.cancel(sockets[1], RECEIVE);
        Completion cancelled = h.await(RECEIVE);
        assertEquals(Completions.failure(WinError.ERROR_OPERATION_ABORTED), cancelled.result());

        // The socket itself still works: re-arm and receive.
        h.port.receive(sockets[1], RECEIVE);
        client.getOutputStream().write(42);
        assertArrayEquals(new byte[] {42}, h.receiveExactly(RECEIVE, 1));
    }

    @Test
    void connectToAClosedPortFailsAsRefused() throws Exception {
        PortHarness h = open();
        InetSocketAddress closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        h.port.connect(closed, CONNECT);
        Completion refused = h.await(CONNECT);
        assertTrue(refused.failed(), "connect to a closed port: " + refused);
        assertEquals(Outcome.REFUSED, ErrorClassifier.classify(ErrorSpace.WINDOWS, refused.errorCode()),
                WinError.name(refused.errorCode()));
        assertEquals(0, h.port.operationsInFlight());
        assertEquals(0, h.port.ownedSocketsOpen(), "the failed socket was closed");
        assertEquals(0, h.port.socketsKnown());
    }

    @Test
    void connectedSocketExchangesBytesWithAJavaServer() throws Exception {
        PortHarness h = open();
        ServerSocket server = closeLater(new ServerSocket(0, 4, InetAddress.getLoopbackAddress()));
        h.port.connect((InetSocketAddress) server.getLocalSocketAddress(), CONNECT);
        Completion connected = h.await(CONNECT);
        assertTrue(connected.result() > 0, "connect result is the socket: " + connected);
        long socket = connected.result();
        h.track(socket);
        Socket peer = closeLater(server.accept());
        assertEquals(peer.getRemoteSocketAddress(), h.port.localAddress(socket));
        assertEquals(server.getLocalSocketAddress(), h.port.remoteAddress(socket));

        sendAll(h, socket, new ByteBuffer[] {direct("hi".getBytes(StandardCharsets.US_ASCII))});
        assertEquals("hi", new String(readFully(peer.getInputStream(), 2), StandardCharsets.US_ASCII));

        h.port.receive(socket, RECEIVE);
        peer.getOutputStream().write("yo".getBytes(StandardCharsets.US_ASCII));
        assertEquals("yo", new String(h.receiveExactly(RECEIVE, 2), StandardCharsets.US_ASCII));

        h.closeSocket(socket, CLOSE);
        h.await(RECEIVE);
        h.await(CLOSE);
        assertEquals(0, h.port.operationsInFlight());
        assertEquals(0, h.port.ownedSocketsOpen());
    }

    @Test
    void wakeupFromAnotherThreadReturnsABlockedPoll() throws Exception {
        IocpBackend backend = closeLater(IocpBackend.open(SocketOptions.DEFAULTS, metrics));
        AtomicReference<IocpPort> port = new AtomicReference<>();
        AtomicInteger returned = new AtomicInteger(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch polling = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            try {
                IocpPort p = (IocpPort) backend.openPort();
                port.set(p);
                polling.countDown();
                returned.set(p.poll((t, r, f, d) -> { }, true));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "iocp-owner");
        owner.setDaemon(true);
        owner.start();
        assertTrue(polling.await(10, TimeUnit.SECONDS));
        Thread.sleep(200); // let it block in GetQueuedCompletionStatusEx (it returns either way)
        port.get().wakeup();
        owner.join(10_000);
        try {
            assertFalse(owner.isAlive(), "the blocked poll returned after wakeup()");
            assertEquals(null, failure.get());
            assertEquals(0, returned.get(), "a wake-up is not a completion");
        } finally {
            if (!owner.isAlive()) {
                port.get().close();
            }
        }
    }

    /**
     * The seed's "port closed" row. On Windows a wait already blocked when the handle closes returns
     * 735 ERROR_ABANDONED_WAIT_0; Wine 8 leaves such a waiter blocked, so this checks the other
     * half, which both give: waiting on a closed handle fails at once with 6 ERROR_INVALID_HANDLE.
     */
    @Test
    void pollOfAPortWhoseHandleIsGoneThrowsPortClosedInsteadOfBlocking() throws Exception {
        IocpBackend backend = closeLater(IocpBackend.open(SocketOptions.DEFAULTS, metrics));
        IocpPort port = (IocpPort) backend.openPort();
        assertEquals(1, Kernel32.CloseHandle(port.portHandle()), "someone closes the port's handle");

        IocpPortClosedException closed = assertThrows(IocpPortClosedException.class, () -> port.poll((t, r, f, d) -> { }, true));

        assertEquals(WinError.ERROR_INVALID_HANDLE, closed.code(), WinError.name(closed.code()));
        assertEquals(1, metrics.count(Outcome.PORT_CLOSED));
        port.close(); // frees the native memory; its CloseHandle fails (already closed) and is counted
    }

    @Test
    void closeListenerEndsTheArmedAcceptOnceAndClosesItsPreMadeSockets() throws Exception {
        PortHarness h = open();
        long listener = h.port.listen(LOOPBACK_ANY_PORT, 16);
        h.port.accept(listener, ACCEPT);
        h.port.poll(h, false);
        assertEquals(IocpSettings.DEFAULTS.acceptsPerListener(), h.port.ownedSocketsOpen());

        h.port.closeListener(listener, CLOSE_LISTENER);

        assertEquals(0, h.await(CLOSE_LISTENER).result());
        Completion ended = h.completions.remove(0);
        assertEquals(ACCEPT, ended.token(), "the accept ends before the listener's close completes");
        assertEquals(Completions.failure(WinError.ERROR_OPERATION_ABORTED), ended.result());
        assertFalse(ended.more());
        assertTrue(h.pollQuietly(5).isEmpty(), "the accept ended once");
        assertEquals(0, h.port.operationsInFlight());
        assertEquals(0, h.port.ownedSocketsOpen());
    }

    @Test
    void handlesAreReleasedAfterCloseAndPortClose() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);
        h.closeSocket(sockets[1], CLOSE);
        h.await(RECEIVE);
        h.await(CLOSE);
        h.closeListener(sockets[0]);

        WinCallException socketGone = assertThrows(WinCallException.class, () -> h.port.localAddress(sockets[1]));
        assertEquals(WinError.WSAENOTSOCK, socketGone.code());
        WinCallException listenerGone = assertThrows(WinCallException.class, () -> h.port.localAddress(sockets[0]));
        assertEquals(WinError.WSAENOTSOCK, listenerGone.code());
        assertEquals(0, h.port.operationsInFlight());
        assertEquals(0, h.port.ownedSocketsOpen());
        assertEquals(0, h.port.socketsKnown());

        long portHandle = h.port.portHandle();
        h.port.close();
        assertEquals(0, Kernel32.PostQueuedCompletionStatus(portHandle, 0, 0L, 0L), "the port handle is closed");
        assertEquals(WinError.ERROR_INVALID_HANDLE, Native.getLastError());
        assertThrows(IocpPortClosedException.class, () -> h.port.poll(h, false));
    }

    @Test
    void oneReadableCompletionDeliversALargeBurstAsSeveralArmedChunks() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);
        byte[] burst = pattern(300_000, 4); // > the 64 KiB drain buffer
        OutputStream out = client.getOutputStream();
        out.write(burst);
        out.flush();

        assertArrayEquals(burst, h.receiveExactly(RECEIVE, burst.length));
    }

    @Test
    void aFloodingPeerCannotStarveAnotherConnection() throws Exception {
        IocpSettings d = IocpSettings.DEFAULTS;
        // 2 reads of 1 KiB per readable completion, then the flooding socket queues behind the others.
        PortHarness h = open(new IocpSettings(d.receiveMode(), 1024, 2, d.postedReceiveBufferBytes(), d.acceptsPerListener(),
                d.skipCompletionPortOnSuccess(), d.dequeueBatch(), d.maxOperations(), d.resourceRetryInitialMs(),
                d.resourceRetryMaxMs(), d.resourceRetryMaxAttempts()));
        long listener = h.listen(LOOPBACK_ANY_PORT, ACCEPT);
        InetSocketAddress address = h.port.localAddress(listener);
        Socket flooder = closeLater(new Socket());
        flooder.connect(address, 5_000);
        long flooding = h.await(ACCEPT).result();
        h.track(flooding);
        Socket quiet = closeLater(new Socket());
        quiet.connect(address, 5_000);
        long quietSocket = h.await(ACCEPT).result();
        h.track(quietSocket);

        // Both sockets readable before either receive is armed: the flood fully buffered, one byte for the other.
        int floodBytes = 64 * 1024;
        flooder.getOutputStream().write(pattern(floodBytes, 7));
        quiet.getOutputStream().write('q');
        awaitBuffered(flooding, floodBytes);
        awaitBuffered(quietSocket, 1);
        long floodToken = 100;
        long quietToken = 200;
        h.port.receive(flooding, floodToken);
        h.port.receive(quietSocket, quietToken);

        long floodReceived = 0;
        while (true) {
            Completion c = h.await("either receive", x -> x.token() == floodToken || x.token() == quietToken);
            assertTrue(c.result() > 0, c.toString());
            if (c.token() == quietToken) {
                assertArrayEquals(new byte[] {'q'}, c.data());
                break;
            }
            floodReceived += c.result();
        }
        assertTrue(floodReceived < floodBytes, "the quiet connection was served before the flood was drained: "
                + floodReceived + " of " + floodBytes + " flood bytes had been delivered");
        assertEquals(floodBytes - floodReceived, h.receiveExactly(floodToken, (int) (floodBytes - floodReceived)).length);
    }

    /** Waits (bounded) until the kernel holds {@code bytes} unread bytes for {@code socket} (FIONREAD). */
    private static void awaitBuffered(long socket, int bytes) throws InterruptedException {
        try (Memory available = new Memory(4)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                assertEquals(0, Winsock.ioctlsocket(socket, WinConstants.FIONREAD, Pointer.nativeValue(available)),
                        () -> WinError.name(Native.getLastError()));
                if (available.getInt(0) >= bytes) {
                    return;
                }
                assertTrue(System.nanoTime() - deadline < 0, "only " + available.getInt(0) + " of " + bytes + " bytes arrived");
                Thread.sleep(10);
            }
        }
    }

    @Test
    void largeSendCompletesAsThePeerReadsAndNothingIsLostAcrossPartialSends() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        byte[] payload = pattern(2 * 1024 * 1024, 5);
        byte[] read = new byte[payload.length];
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                Thread.sleep(100); // let the send find the peer's window full first
                int n = client.getInputStream().readNBytes(read, 0, read.length);
                assertEquals(read.length, n);
            } catch (Throwable e) {
                readerFailure.set(e);
            }
        }, "java-reader");
        reader.setDaemon(true);
        reader.start();

        sendAll(h, sockets[1], new ByteBuffer[] {direct(payload)});
        reader.join(30_000);
        assertFalse(reader.isAlive());
        assertEquals(null, readerFailure.get());
        assertArrayEquals(payload, read);
    }

    @Test
    void acceptPoolKeepsAcceptingBeyondItsSize() throws Exception {
        PortHarness h = open();
        long listener = h.listen(LOOPBACK_ANY_PORT, ACCEPT);
        InetSocketAddress address = h.port.localAddress(listener);
        int clients = IocpSettings.DEFAULTS.acceptsPerListener() * 3;
        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket client = closeLater(new Socket());
            client.connect(address, 5_000);
            Completion c = h.await(ACCEPT);
            assertTrue(c.result() > 0 && c.more(), c.toString());
            assertEquals(client.getLocalSocketAddress(), h.port.remoteAddress(c.result()));
            accepted.add(c.result());
            h.track(c.result());
        }
        assertEquals(clients, accepted.stream().distinct().count());
        for (long socket : accepted) {
            h.closeSocket(socket, CLOSE);
            assertEquals(0, h.await(CLOSE).result());
        }
    }

    @Test
    void postedBufferReceivesRoundTrip() throws Exception {
        PortHarness h = open(IocpSettings.DEFAULTS.withReceiveMode(IocpReceiveMode.POSTED_BUFFERS));
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);
        byte[] burst = pattern(100_000, 6); // > one 16 KiB posted buffer
        client.getOutputStream().write(burst);
        assertArrayEquals(burst, h.receiveExactly(RECEIVE, burst.length));
        client.shutdownOutput();
        assertEquals(0, h.await(RECEIVE).result());
        h.closeSocket(sockets[1], CLOSE);
        h.await(CLOSE);
        assertEquals(IocpSettings.DEFAULTS.acceptsPerListener(), h.port.operationsInFlight());
    }

    @Test
    void withoutSkipOnSuccessInlineSuccessesStillCompleteOnceThroughPackets() throws Exception {
        PortHarness h = open(IocpSettings.DEFAULTS.withSkipCompletionPortOnSuccess(false));
        Socket client = closeLater(new Socket());
        long[] sockets = acceptOne(h, client);
        h.port.receive(sockets[1], RECEIVE);
        for (int i = 0; i < 20; i++) {
            byte[] message = pattern(10 + i, 100 + i);
            sendAll(h, sockets[1], new ByteBuffer[] {direct(message)});
            assertArrayEquals(message, readFully(client.getInputStream(), message.length));
            client.getOutputStream().write(message);
            assertArrayEquals(message, h.receiveExactly(RECEIVE, message.length));
        }
        assertTrue(h.pollQuietly(3).isEmpty(), "no duplicate completions");
        assertEquals(0, h.port.unknownPackets());
    }

    @Test
    void acceptedAndConnectedSocketsGetTcpNoDelayFromTheSocketOptions() throws Exception {
        PortHarness h = open();
        Socket client = closeLater(new Socket());
        long accepted = acceptOne(h, client)[1];
        ServerSocket server = closeLater(new ServerSocket(0, 4, InetAddress.getLoopbackAddress()));
        h.port.connect((InetSocketAddress) server.getLocalSocketAddress(), CONNECT);
        long connected = h.await(CONNECT).result();
        h.track(connected);
        closeLater(server.accept());

        assertEquals(1, tcpNoDelay(accepted), "accepted socket");
        assertEquals(1, tcpNoDelay(connected), "connected socket");
    }

    private static int tcpNoDelay(long socket) {
        try (Memory value = new Memory(8)) {
            value.clear();
            value.setInt(4, 4);
            long address = Pointer.nativeValue(value);
            assertEquals(0, Winsock.getsockopt(socket, WinConstants.IPPROTO_TCP, WinConstants.TCP_NODELAY, address, address + 4),
                    () -> WinError.name(Native.getLastError()));
            return value.getByte(0);
        }
    }

    @Test
    void ipv6LoopbackAcceptsConnectsAndEchoes() throws Exception {
        PortHarness h = open();
        InetSocketAddress ipv6Any = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        long listener = h.listen(ipv6Any, ACCEPT);
        InetSocketAddress bound = h.port.localAddress(listener);
        assertEquals(InetAddress.getByName("::1"), bound.getAddress());

        h.port.connect(bound, CONNECT);
        Completion connected = h.await(CONNECT);
        assertTrue(connected.result() > 0, connected.toString());
        h.track(connected.result());
        Completion accepted = h.await(ACCEPT);
        h.track(accepted.result());
        assertEquals(h.port.localAddress(connected.result()), h.port.remoteAddress(accepted.result()));

        h.port.receive(accepted.result(), RECEIVE);
        sendAll(h, connected.result(), new ByteBuffer[] {direct("v6".getBytes(StandardCharsets.US_ASCII))});
        assertEquals("v6", new String(h.receiveExactly(RECEIVE, 2), StandardCharsets.US_ASCII));
    }

    @Test
    void backendNamesItselfAndItsErrorSpace() throws Exception {
        IocpBackend backend = closeLater(IocpBackend.open(SocketOptions.DEFAULTS, metrics));
        assertEquals("iocp", backend.name());
        assertEquals(ErrorSpace.WINDOWS, backend.errorSpace());
        assertNotNull(backend.extensions(WinConstants.AF_INET));
    }
}

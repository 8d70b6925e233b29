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
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import io.gameport.transport.SocketSettings;
import io.gameport.transport.PortRecorder.Done;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * What only the IOCP port does, against real Winsock: its limit of WSABUFs per send, a port
 * handle closed under it, the AcceptEx pool's pre-made sockets, handle release, fairness between
 * a flooding and a quiet socket, posted-buffer receives, inline successes without
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, socket options, IPv6. The contract every port keeps is
 * {@link IocpPortContractTest}. Runs on Windows only (under Wine too, whose os.name is Windows);
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
        IocpBackend backend = IocpBackend.open(SocketSettings.defaults(), metrics, settings);
        cleanup.add(backend);
        IocpPort port = (IocpPort) backend.openPort();
        cleanup.add(port);
        PortHarness harness = new PortHarness(port);
        cleanup.add(harness);
        return harness;
    }

    private PortHarness open() throws IOException {
        return open(IocpSettings.defaults());
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        cleanup.add(resource);
        return resource;
    }

    /** Listens, arms accept, connects a java.net client; returns {listener, accepted socket}. */
    private long[] acceptOne(PortHarness h, Socket client) throws IOException {
        long listener = h.listen(LOOPBACK_ANY_PORT, ACCEPT);
        client.connect(h.port.localAddress(listener), 5_000);
        Done accepted = h.await(ACCEPT);
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
            Done sent = h.await(SEND);
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
        Done first = h.await(SEND);
        assertEquals(SlotLayout.MAX_WSABUFS * 10, first.result(), "one WSASend takes 16 WSABUFs: a partial send");

        int rest = SlotLayout.MAX_WSABUFS;
        h.port.send(sockets[1], buffers, rest, count - rest, SEND);
        assertEquals((count - rest) * 10, h.await(SEND).result());
        assertArrayEquals(expected, readFully(client.getInputStream(), expected.length));
    }

    /**
     * The seed's "port closed" row. On Windows a wait already blocked when the handle closes returns
     * 735 ERROR_ABANDONED_WAIT_0; Wine 8 leaves such a waiter blocked, so this checks the other
     * half, which both give: waiting on a closed handle fails at once with 6 ERROR_INVALID_HANDLE.
     */
    @Test
    void pollOfAPortWhoseHandleIsGoneThrowsPortClosedInsteadOfBlocking() throws Exception {
        IocpBackend backend = closeLater(IocpBackend.open(SocketSettings.defaults(), metrics));
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
        assertEquals(IocpSettings.defaults().acceptsPerListener(), h.port.ownedSocketsOpen());

        h.port.closeListener(listener, CLOSE_LISTENER);

        assertEquals(0, h.await(CLOSE_LISTENER).result());
        Done ended = h.completions().get(0);
        h.await(ACCEPT);
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
    void aFloodingPeerCannotStarveAnotherConnection() throws Exception {
        IocpSettings d = IocpSettings.defaults();
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
            Done c = h.await("either receive", x -> x.token() == floodToken || x.token() == quietToken);
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
    void postedBufferReceivesRoundTrip() throws Exception {
        PortHarness h = open(IocpSettings.defaults().withReceiveMode(IocpReceiveMode.POSTED_BUFFERS));
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
        assertEquals(IocpSettings.defaults().acceptsPerListener(), h.port.operationsInFlight());
    }

    @Test
    void withoutSkipOnSuccessInlineSuccessesStillCompleteOnceThroughPackets() throws Exception {
        PortHarness h = open(IocpSettings.defaults().withSkipCompletionPortOnSuccess(false));
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
        Done connected = h.await(CONNECT);
        assertTrue(connected.result() > 0, connected.toString());
        h.track(connected.result());
        Done accepted = h.await(ACCEPT);
        h.track(accepted.result());
        assertEquals(h.port.localAddress(connected.result()), h.port.remoteAddress(accepted.result()));

        h.port.receive(accepted.result(), RECEIVE);
        sendAll(h, connected.result(), new ByteBuffer[] {direct("v6".getBytes(StandardCharsets.US_ASCII))});
        assertEquals("v6", new String(h.receiveExactly(RECEIVE, 2), StandardCharsets.US_ASCII));
    }

    @Test
    void backendNamesItselfAndItsErrorSpace() throws Exception {
        IocpBackend backend = closeLater(IocpBackend.open(SocketSettings.defaults(), metrics));
        assertEquals("iocp", backend.name());
        assertEquals(ErrorSpace.WINDOWS, backend.errorSpace());
        assertNotNull(backend.extensions(WinConstants.AF_INET));
    }
}

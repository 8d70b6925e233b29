package io.gameport.transport.nio2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.linux.Errno;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import io.gameport.transport.SocketOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Nio2PortTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final ErrorMetrics metrics = new ErrorMetrics();
    private final CompletionRecorder recorder = new CompletionRecorder();
    private Nio2Backend backend;
    private CompletionPort port;
    private long listener;
    private InetSocketAddress listenAddress;

    @BeforeEach
    void open() throws IOException {
        backend = new Nio2Backend(SocketOptions.DEFAULTS, metrics);
        port = backend.openPort();
        listener = port.listen(ANY_LOOPBACK_PORT, 16);
        listenAddress = port.localAddress(listener);
    }

    @AfterEach
    void close() {
        port.close();
        backend.close();
    }

    @Test
    void acceptReceiveSendRoundTrip() throws IOException {
        port.accept(listener, 1);
        try (Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort())) {
            long socket = acceptedHandle(1);
            assertEquals(client.getLocalSocketAddress(), port.remoteAddress(socket));
            assertEquals(listenAddress.getPort(), port.localAddress(socket).getPort());

            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello", receiveAtLeast(socket, 5, 2));

            ByteBuffer reply = direct("world");
            port.send(socket, new ByteBuffer[] {reply}, 0, 1, 3);
            assertEquals(5, recorder.await(port, 3).result());
            assertEquals("world", readExactly(client.getInputStream(), 5));
        }
    }

    @Test
    void gatheredSendWritesBuffersInOrderWithoutMovingThem() throws IOException {
        port.accept(listener, 1);
        try (Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort())) {
            long socket = acceptedHandle(1);
            ByteBuffer skipped = direct("unused");
            ByteBuffer first = direct("xxABC");
            first.position(2);
            ByteBuffer second = direct("DEFyy");
            second.limit(3);
            ByteBuffer third = direct("GHI");
            ByteBuffer[] buffers = {skipped, first, second, third};

            port.send(socket, buffers, 1, 3, 7);
            assertEquals(9, recorder.await(port, 7).result());
            assertEquals("ABCDEFGHI", readExactly(client.getInputStream(), 9));
            assertEquals(2, first.position());
            assertEquals(5, first.limit());
            assertEquals(0, second.position());
            assertEquals(3, second.limit());
            assertEquals(0, third.position());

            // the same buffers with new positions: the port's reused views must follow them
            first.position(4);
            second.limit(5);
            port.send(socket, buffers, 1, 3, 8);
            assertEquals(9, recorder.await(port, 8).result());
            assertEquals("CDEFyyGHI", readExactly(client.getInputStream(), 9));
        }
    }

    @Test
    void receiveCompletesWithZeroWhenPeerClosesGracefully() throws IOException {
        port.accept(listener, 1);
        Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort());
        long socket = acceptedHandle(1);
        port.receive(socket, 2);
        client.close();
        CompletionRecorder.Done eof = recorder.await(port, 2);
        assertEquals(0, eof.result());
        assertNull(eof.data());
    }

    @Test
    void peerResetIsClassifiedAsPeerReset() throws IOException {
        port.accept(listener, 1);
        Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort());
        long socket = acceptedHandle(1);
        port.receive(socket, 2);
        client.setSoLinger(true, 0); // close sends RST
        client.close();
        long result = recorder.await(port, 2).result();
        assertTrue(Completions.isError(result));
        assertEquals(Errno.ECONNRESET, Completions.errorCode(result));
        assertEquals(Outcome.PEER_RESET, ErrorClassifier.classify(ErrorSpace.ERRNO, Completions.errorCode(result)));
    }

    @Test
    void closeAbortsPendingReceiveThenCompletesCloseOnce() throws IOException {
        port.accept(listener, 1);
        try (Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort())) {
            long socket = acceptedHandle(1);
            port.receive(socket, 2);
            port.close(socket, 3);
            recorder.await(port, 3);

            assertEquals(3, recorder.delivered.size(), "accept, aborted receive, close");
            CompletionRecorder.Done receive = recorder.delivered.get(1);
            assertEquals(2, receive.token());
            assertEquals(Errno.ECANCELED, Completions.errorCode(receive.result()));
            assertEquals(Outcome.ABORTED_BY_US, ErrorClassifier.classify(ErrorSpace.ERRNO, Completions.errorCode(receive.result())));
            CompletionRecorder.Done close = recorder.delivered.get(2);
            assertEquals(3, close.token());
            assertEquals(0, close.result());

            assertEquals(-1, client.getInputStream().read(), "the peer sees the shutdown");
            assertEquals(0, port.poll(recorder, false), "close completes exactly once");
            port.receive(socket, 4);
            assertEquals(Errno.EBADF, Completions.errorCode(recorder.await(port, 4).result()), "a closed handle is gone");
        }
    }

    @Test
    void connectToListenerYieldsUsableSocket() throws IOException {
        port.connect(listenAddress, 1);
        port.accept(listener, 2);
        long connected = recorder.await(port, 1).result();
        long accepted = acceptedHandle(2);
        assertTrue(connected > 0);
        assertEquals(listenAddress, port.remoteAddress(connected));

        port.send(connected, new ByteBuffer[] {direct("ping")}, 0, 1, 3);
        assertEquals(4, recorder.await(port, 3).result());
        assertEquals("ping", receiveAtLeast(accepted, 4, 4));
    }

    @Test
    void acceptedAndConnectedSocketsGetTheConfiguredOptions() throws IOException {
        SocketOptions options = new SocketOptions(true, 64 * 1024, 96 * 1024);
        try (Nio2Backend configured = new Nio2Backend(options, metrics)) {
            CompletionPort p = configured.openPort();
            CompletionRecorder r = new CompletionRecorder();
            long l = p.listen(ANY_LOOPBACK_PORT, 4);
            p.accept(l, 1);
            p.connect(p.localAddress(l), 2);
            for (long token = 1; token <= 2; token++) {
                long handle = r.await(p, token).result();
                assertTrue(handle > 0);
                AsynchronousSocketChannel channel = ((Nio2Socket) configured.handles().get(handle)).channel;
                assertTrue(channel.getOption(StandardSocketOptions.TCP_NODELAY));
                // Linux doubles the requested size for bookkeeping; it never grants less
                assertTrue(channel.getOption(StandardSocketOptions.SO_SNDBUF) >= options.sendBufferBytes());
                assertTrue(channel.getOption(StandardSocketOptions.SO_RCVBUF) >= options.receiveBufferBytes());
            }
            p.close();
        }
    }

    @Test
    void connectToClosedPortIsRefused() throws IOException {
        InetSocketAddress closedAddress;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedAddress = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        port.connect(closedAddress, 1);
        long result = recorder.await(port, 1).result();
        assertEquals(Errno.ECONNREFUSED, Completions.errorCode(result));
        assertEquals(Outcome.REFUSED, ErrorClassifier.classify(ErrorSpace.ERRNO, Completions.errorCode(result)));
    }

    @Test
    void wakeupFromAnotherThreadUnblocksBlockingPoll() throws Exception {
        Thread owner = Thread.currentThread();
        Thread waker = new Thread(() -> {
            // wake only once the owner is really parked inside poll
            while (owner.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            port.wakeup();
        }, "test-waker");
        waker.start();
        assertEquals(0, port.poll(recorder, true));
        waker.join();
        assertTrue(recorder.delivered.isEmpty(), "a wake-up is not delivered as a completion");
    }

    @Test
    void wakeupBeforePollMakesNextBlockingPollReturn() throws IOException {
        port.wakeup();
        assertEquals(0, port.poll(recorder, true));
    }

    @Test
    void operationOnUnknownHandleCompletesWithEbadfInsteadOfThrowing() throws IOException {
        port.receive(12345, 1);
        port.send(12345, new ByteBuffer[] {direct("x")}, 0, 1, 2);
        assertEquals(Errno.EBADF, Completions.errorCode(recorder.await(port, 1).result()));
        assertEquals(Errno.EBADF, Completions.errorCode(recorder.await(port, 2).result()));
    }

    @Test
    void closeListenerAbortsArmedAcceptThenCompletes() throws IOException {
        port.accept(listener, 1);
        port.closeListener(listener, 2);
        recorder.await(port, 2);
        assertEquals(2, recorder.delivered.size());
        assertEquals(Errno.ECANCELED, Completions.errorCode(recorder.delivered.get(0).result()));
        assertEquals(2, recorder.delivered.get(1).token());
        assertThrows(IOException.class, () -> port.localAddress(listener));
    }

    @Test
    void cancelOfPendingReceiveAbortsItAndCloseStillCompletes() throws IOException {
        port.accept(listener, 1);
        try (Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort())) {
            long socket = acceptedHandle(1);
            port.receive(socket, 2);
            port.cancel(socket, 2);
            assertEquals(Errno.ECANCELED, Completions.errorCode(recorder.await(port, 2).result()));
            port.close(socket, 3);
            assertEquals(0, recorder.await(port, 3).result());
        }
    }

    @Test
    void socketAcceptedOnOnePortIsServedByTheAdoptingPort() throws Exception {
        port.accept(listener, 1);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker-b"));
        try (Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort())) {
            long socket = acceptedHandle(1);
            CompletionRecorder recorderB = new CompletionRecorder();
            CompletionPort portB = worker.submit(backend::openPort).get();
            worker.submit(() -> {
                portB.adopt(socket);
                portB.receive(socket, 10);
                return null;
            }).get();

            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            CompletionRecorder.Done received = worker.submit(() -> recorderB.await(portB, 10)).get();
            String got = new String(received.data(), StandardCharsets.US_ASCII);
            assertTrue(!got.isEmpty() && "ping".startsWith(got), "received on the adopting port: " + got);

            long sent = worker.submit(() -> {
                portB.send(socket, new ByteBuffer[] {direct("pong")}, 0, 1, 11);
                return recorderB.await(portB, 11).result();
            }).get();
            assertEquals(4, sent);
            assertEquals("pong", readExactly(client.getInputStream(), 4));

            assertEquals(0, port.poll(recorder, false), "nothing of the adopted socket reaches the first port");
            port.receive(socket, 12);
            assertEquals(Errno.EBADF, Completions.errorCode(recorder.await(port, 12).result()),
                    "the first port no longer owns the socket");

            worker.submit(() -> {
                portB.close(socket, 13);
                recorderB.await(portB, 13);
                portB.close();
                return null;
            }).get();
        } finally {
            worker.shutdownNow();
            assertTrue(worker.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void closedPortDeliversNothingAndClosesSocketsFinishedLate() throws IOException {
        port.accept(listener, 1);
        port.close();
        try (Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort())) {
            client.setSoTimeout(10_000);
            assertEquals(-1, client.getInputStream().read(), "the socket accepted for the closed port was closed");
        }
        assertThrows(IOException.class, () -> port.poll(recorder, false));
        assertTrue(recorder.delivered.isEmpty());
    }

    @Test
    void backendCloseLeavesNoGroupThread() throws IOException {
        String prefix = backend.threadNamePrefix();
        assertTrue(groupThreadsAlive(prefix) > 0, "the group runs threads while open");
        port.close();
        backend.close();
        assertEquals(0, groupThreadsAlive(prefix));
    }

    private static int groupThreadsAlive(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .count();
    }

    private long acceptedHandle(long token) throws IOException {
        long handle = recorder.await(port, token).result();
        assertTrue(handle > 0, "accept failed: " + handle);
        assertNotEquals(listener, handle);
        return handle;
    }

    private String receiveAtLeast(long socket, int bytes, long token) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (received.size() < bytes) {
            port.receive(socket, token);
            CompletionRecorder.Done done = recorder.await(port, token);
            assertTrue(done.result() > 0, "receive failed or ended: " + done.result());
            assertEquals(done.result(), done.data().length);
            received.write(done.data(), 0, done.data().length);
        }
        return received.toString(StandardCharsets.US_ASCII);
    }

    private static String readExactly(InputStream in, int bytes) throws IOException {
        byte[] data = in.readNBytes(bytes);
        assertEquals(bytes, data.length);
        return new String(data, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer;
    }
}

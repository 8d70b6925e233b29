package io.gameport.transport.nio2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.linux.Errno;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.PortRecorder;
import io.gameport.transport.SocketSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

/**
 * What only NIO2's port does: handles that name nothing complete with EBADF, socket options,
 * a socket moving between ports by adoption, a closed port closing late-finished sockets, the
 * channel group's threads. The contract every port keeps is {@link Nio2PortContractTest}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Nio2PortTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final ErrorMetrics metrics = new ErrorMetrics();
    private PortRecorder recorder;
    private Nio2Backend backend;
    private CompletionPort port;
    private long listener;
    private InetSocketAddress listenAddress;

    @BeforeEach
    void open() throws IOException {
        backend = new Nio2Backend(SocketSettings.defaults(), metrics);
        port = backend.openPort();
        recorder = new PortRecorder(port);
        listener = port.listen(ANY_LOOPBACK_PORT, 16);
        listenAddress = port.localAddress(listener);
    }

    @AfterEach
    void close() {
        recorder.close();
        port.close();
        backend.close();
    }

    @Test
    void operationsOnAnUnknownOrClosedHandleCompleteWithEbadfInsteadOfThrowing() throws IOException {
        port.receive(12345, 1);
        port.send(12345, new ByteBuffer[] {direct("x")}, 0, 1, 2);
        assertEquals(Errno.EBADF, Completions.errorCode(recorder.await(1).result()));
        assertEquals(Errno.EBADF, Completions.errorCode(recorder.await(2).result()));

        port.accept(listener, 3);
        try (Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort())) {
            long socket = acceptedHandle(3);
            port.close(socket, 4);
            assertEquals(0, recorder.await(4).result());
            port.receive(socket, 5);
            assertEquals(Errno.EBADF, Completions.errorCode(recorder.await(5).result()), "a closed handle is gone");
        }
        port.closeListener(listener, 6);
        assertEquals(0, recorder.await(6).result());
        assertThrows(IOException.class, () -> port.localAddress(listener), "a closed listener is gone");
    }

    @Test
    void acceptedAndConnectedSocketsGetTheConfiguredOptions() throws IOException {
        SocketSettings options = new SocketSettings(true, 64 * 1024, 96 * 1024);
        try (Nio2Backend configured = new Nio2Backend(options, metrics)) {
            CompletionPort p = configured.openPort();
            PortRecorder r = new PortRecorder(p);
            long l = p.listen(ANY_LOOPBACK_PORT, 4);
            p.accept(l, 1);
            p.connect(p.localAddress(l), 2);
            for (long token = 1; token <= 2; token++) {
                long handle = r.await(token).result();
                assertTrue(handle > 0);
                AsynchronousSocketChannel channel = ((Nio2Socket) configured.handles().get(handle)).channel;
                assertTrue(channel.getOption(StandardSocketOptions.TCP_NODELAY));
                // Linux doubles the requested size for bookkeeping; it never grants less
                assertTrue(channel.getOption(StandardSocketOptions.SO_SNDBUF) >= options.sendBufferBytes());
                assertTrue(channel.getOption(StandardSocketOptions.SO_RCVBUF) >= options.receiveBufferBytes());
            }
            r.close();
            p.close();
        }
    }

    @Test
    void socketAcceptedOnOnePortIsServedByTheAdoptingPort() throws Exception {
        port.accept(listener, 1);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker-b"));
        try (Socket client = new Socket(listenAddress.getAddress(), listenAddress.getPort())) {
            long socket = acceptedHandle(1);
            CompletionPort portB = worker.submit(backend::openPort).get();
            PortRecorder recorderB = new PortRecorder(portB);
            worker.submit(() -> {
                portB.adopt(socket);
                portB.receive(socket, 10);
                return null;
            }).get();

            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            PortRecorder.Done received = worker.submit(() -> recorderB.await(10)).get();
            String got = new String(received.data(), StandardCharsets.US_ASCII);
            assertTrue(!got.isEmpty() && "ping".startsWith(got), "received on the adopting port: " + got);

            long sent = worker.submit(() -> {
                portB.send(socket, new ByteBuffer[] {direct("pong")}, 0, 1, 11);
                return recorderB.await(11).result();
            }).get();
            assertEquals(4, sent);
            assertEquals("pong", readExactly(client.getInputStream(), 4));

            assertEquals(0, port.poll(recorder, false), "nothing of the adopted socket reaches the first port");
            port.receive(socket, 12);
            assertEquals(Errno.EBADF, Completions.errorCode(recorder.await(12).result()),
                    "the first port no longer owns the socket");

            worker.submit(() -> {
                portB.close(socket, 13);
                recorderB.await(13);
                recorderB.close();
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
        assertTrue(recorder.delivered().isEmpty());
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
        long handle = recorder.await(token).result();
        assertTrue(handle > 0, "accept failed: " + handle);
        assertNotEquals(listener, handle);
        return handle;
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

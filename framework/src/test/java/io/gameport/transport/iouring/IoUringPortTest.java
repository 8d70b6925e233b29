package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.SocketConstants;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Drives {@link IoUringPort} directly, with plain java.net sockets as peers on 127.0.0.1. Every
 * test creates its port inside the test method: the port belongs to the thread that polls it,
 * and SEPARATE_THREAD timeouts run the method on its own thread so a hang fails the test.
 */
@Timeout(value = 20, threadMode = ThreadMode.SEPARATE_THREAD)
class IoUringPortTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** Listens, arms accept with token 1, connects a client and returns the accepted handle. */
    private static long acceptOne(PortFixture f, long listener, Socket client) throws IOException {
        client.connect(f.port.localAddress(listener), 5000);
        PortFixture.Done accepted = f.await(1);
        assertTrue(accepted.result() >= 0, () -> "accept failed: " + accepted.result());
        assertTrue(Completions.more(accepted.flags()), "a multishot accept stays armed");
        return accepted.result();
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        assertEquals(n, bytes.length, "the peer closed early");
        return bytes;
    }

    @Test
    void acceptReceiveAndSendRoundTripOverLoopback() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            assertTrue(f.port.localAddress(listener).getPort() > 0);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            assertEquals(client.getLocalPort(), f.port.remoteAddress(socket).getPort());

            f.port.receive(socket, 2);
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            PortFixture.Done received = f.await(2);
            assertEquals(5, received.result());
            assertTrue(Completions.more(received.flags()), "a multishot receive stays armed");
            assertEquals("hello", new String(received.data(), StandardCharsets.US_ASCII));

            ByteBuffer reply = PortFixture.direct("world!");
            f.port.send(socket, new ByteBuffer[] {reply}, 0, 1, 3);
            assertEquals(6, f.await(3).result());
            assertEquals(0, reply.position(), "the port leaves the caller's positions alone");
            assertEquals("world!", new String(readExactly(client.getInputStream(), 6), StandardCharsets.US_ASCII));

            f.port.close(socket, 4);
            assertEquals(-Errno.ECANCELED, f.await(2).result(), "the armed receive is cancelled by close");
            assertEquals(0, f.await(4).result());
            f.port.closeListener(listener, 5);
            assertEquals(-Errno.ECANCELED, f.await(1).result());
            assertEquals(0, f.await(5).result());
        }
    }

    @Test
    void acceptedSocketsGetTheConfiguredOptions() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            Memory value = new Memory(8);
            value.setInt(0, 0);
            value.setInt(4, 4);
            int r = LibC.getsockopt((int) socket, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY,
                    Pointer.nativeValue(value), Pointer.nativeValue(value) + 4);
            assertEquals(0, r);
            assertEquals(1, value.getInt(0), "TCP_NODELAY from SocketOptions.DEFAULTS");
            closeAndAwait(f, socket, 9);
            closeListenerAndAwait(f, listener);
        }
    }

    @Test
    void gatheredSendWritesEveryBufferInOrder() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            ByteBuffer skipped = PortFixture.direct("not sent");
            ByteBuffer a = PortFixture.direct("xxalpha-");
            a.position(2);
            ByteBuffer b = PortFixture.direct("beta-");
            ByteBuffer c = PortFixture.direct("gamma");
            f.port.send(socket, new ByteBuffer[] {skipped, a, b, c}, 1, 3, 7);
            assertEquals(16, f.await(7).result());
            assertEquals("alpha-beta-gamma", new String(readExactly(client.getInputStream(), 16), StandardCharsets.US_ASCII));
            closeAndAwait(f, socket, 9);
            closeListenerAndAwait(f, listener);
        }
    }

    @Test
    void sendOfMoreBuffersThanTheLimitCompletesAsAPartialSend() throws Exception {
        IoUringConfig two = new IoUringConfig(64, 256, 16, 4096, 2, 100, IoUringConfig.TaskRunMode.DEFER_TASKRUN);
        try (PortFixture f = PortFixture.open(two); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            ByteBuffer[] three = {PortFixture.direct("one-"), PortFixture.direct("two-"), PortFixture.direct("three")};
            f.port.send(socket, three, 0, 3, 7);
            assertEquals(8, f.await(7).result(), "only maxSendBuffers buffers go to the kernel");
            assertEquals("one-two-", new String(readExactly(client.getInputStream(), 8), StandardCharsets.US_ASCII));
            closeAndAwait(f, socket, 9);
            closeListenerAndAwait(f, listener);
        }
    }

    @Test
    void oneArmedReceiveDeliversManyWritesInOrder() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            f.port.receive(socket, 2);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            OutputStream out = client.getOutputStream();
            client.setTcpNoDelay(true);
            for (int i = 0; i < 500; i++) {
                byte[] frame = ("frame-" + i + ";").getBytes(StandardCharsets.US_ASCII);
                out.write(frame);
                expected.write(frame);
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int completions = 0;
            while (got.size() < expected.size()) {
                PortFixture.Done d = f.await(2);
                assertTrue(d.result() > 0, () -> "receive ended: " + d.result());
                assertTrue(Completions.more(d.flags()), "still armed after each chunk");
                got.write(d.data());
                completions++;
            }
            assertArrayEquals(expected.toByteArray(), got.toByteArray());
            assertTrue(completions >= 1);
            closeAndAwait(f, socket, 9);
            assertEquals(-Errno.ECANCELED, f.await(2).result());
            closeListenerAndAwait(f, listener);
        }
    }

    @Test
    void peerCloseEndsReceiveWithZero() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            f.port.receive(socket, 2);
            client.shutdownOutput();
            PortFixture.Done eof = f.await(2);
            assertEquals(0, eof.result());
            assertFalse(Completions.more(eof.flags()), "end of stream ends the receive");
            assertNull(eof.data());
            closeAndAwait(f, socket, 9);
            closeListenerAndAwait(f, listener);
        }
    }

    @Test
    void peerResetFailsReceiveWithConnectionReset() throws Exception {
        try (PortFixture f = PortFixture.open()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            Socket client = new Socket();
            long socket = acceptOne(f, listener, client);
            f.port.receive(socket, 2);
            client.setSoLinger(true, 0);
            client.close();
            PortFixture.Done reset = f.await(2);
            assertEquals(-Errno.ECONNRESET, reset.result());
            assertFalse(Completions.more(reset.flags()));
            assertEquals(Outcome.PEER_RESET, ErrorClassifier.classify(ErrorSpace.ERRNO, Completions.errorCode(reset.result())));
            closeAndAwait(f, socket, 9);
            closeListenerAndAwait(f, listener);
        }
    }

    @Test
    void closeWithReceivePendingAbortsTheReceiveAndClosesTheSocket() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            f.port.receive(socket, 2);
            f.drainNonBlocking(2);
            f.port.close(socket, 3);
            PortFixture.Done aborted = f.await(2);
            assertEquals(-Errno.ECANCELED, aborted.result());
            assertEquals(Outcome.ABORTED_BY_US, ErrorClassifier.classify(ErrorSpace.ERRNO, Completions.errorCode(aborted.result())));
            assertEquals(0, f.await(3).result(), "close completes once, with its own token");
            client.setSoTimeout(5000);
            assertEquals(-1, client.getInputStream().read(), "the peer sees the connection end");
            f.drainNonBlocking(3);
            assertTrue(f.completions.isEmpty(), () -> "nothing else completes: " + f.completions);
            closeListenerAndAwait(f, listener);
        }
    }

    @Test
    void cancelAbortsOnlyTheNamedOperation() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            f.port.receive(socket, 2);
            f.drainNonBlocking(2);
            f.port.cancel(socket, 2);
            assertEquals(-Errno.ECANCELED, f.await(2).result());
            client.getOutputStream().write(new byte[] {1, 2, 3});
            f.port.receive(socket, 5);
            PortFixture.Done again = f.await(5);
            assertEquals(3, again.result(), "the socket is still usable: the data waited in it");
            closeAndAwait(f, socket, 9);
            assertEquals(-Errno.ECANCELED, f.await(5).result());
            closeListenerAndAwait(f, listener);
        }
    }

    @Test
    void connectToAListeningPortCompletesWithAConnectedHandle() throws Exception {
        try (PortFixture f = PortFixture.open(); ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            f.port.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 11);
            PortFixture.Done connected = f.await(11);
            assertTrue(connected.result() >= 0, () -> "connect failed: " + Errno.name(Completions.errorCode(connected.result())));
            long socket = connected.result();
            try (Socket peer = server.accept()) {
                assertEquals(peer.getLocalPort(), f.port.remoteAddress(socket).getPort());
                f.port.send(socket, new ByteBuffer[] {PortFixture.direct("ping")}, 0, 1, 12);
                assertEquals(4, f.await(12).result());
                assertEquals("ping", new String(readExactly(peer.getInputStream(), 4), StandardCharsets.US_ASCII));
                closeAndAwait(f, socket, 13);
            }
        }
    }

    @Test
    void connectToAClosedPortIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (PortFixture f = PortFixture.open()) {
            f.port.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort), 21);
            PortFixture.Done refused = f.await(21);
            assertEquals(-Errno.ECONNREFUSED, refused.result());
            assertEquals(Outcome.REFUSED, ErrorClassifier.classify(ErrorSpace.ERRNO, Completions.errorCode(refused.result())));
        }
    }

    @Test
    void wakeupFromAnotherThreadUnblocksAWaitingPoll() throws Exception {
        try (PortFixture f = PortFixture.open()) {
            f.drainNonBlocking(2);
            CountDownLatch polling = new CountDownLatch(1);
            Thread waker = new Thread(() -> {
                try {
                    polling.await();
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                f.port.wakeup();
            }, "waker");
            waker.start();
            polling.countDown();
            assertEquals(0, f.port.poll(f.recorder, true), "wake-ups are not delivered as completions");
            waker.join(5000);
            assertTrue(f.completions.isEmpty());
        }
    }

    @Test
    void wakeupBeforePollMakesTheNextBlockingPollReturn() throws Exception {
        try (PortFixture f = PortFixture.open()) {
            f.drainNonBlocking(2);
            for (int i = 0; i < 1000; i++) {
                f.port.wakeup();
            }
            assertEquals(0, f.port.poll(f.recorder, true));
            // Many wake-ups while the owner was awake collapse into one; the next wake-up still works.
            Thread later = new Thread(() -> f.port.wakeup(), "late-waker");
            later.start();
            later.join(5000);
            assertEquals(0, f.port.poll(f.recorder, true));
        }
    }

    @Test
    void closeListenerAbortsTheArmedAcceptAndCompletes() throws Exception {
        try (PortFixture f = PortFixture.open()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            f.drainNonBlocking(2);
            f.port.closeListener(listener, 2);
            PortFixture.Done accept = f.await(1);
            assertEquals(-Errno.ECANCELED, accept.result());
            assertFalse(Completions.more(accept.flags()));
            assertEquals(0, f.await(2).result());
        }
    }

    static void closeAndAwait(PortFixture f, long socket, long token) throws IOException {
        f.port.close(socket, token);
        assertEquals(0, f.await(token).result());
    }

    static void closeListenerAndAwait(PortFixture f, long listener) throws IOException {
        f.port.closeListener(listener, 99);
        assertEquals(-Errno.ECANCELED, f.await(1).result());
        assertEquals(0, f.await(99).result());
    }
}

package io.gameport.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.PortRecorder.Done;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link CompletionPort} contract, one test per promise of its javadoc, run against every
 * backend by a subclass that opens it: io_uring, NIO2, IOCP (under Wine: .ci/run-iocp-tests) and
 * the scripted port the framework tests use. The test thread is the port's owner; a {@link Peer}
 * is the far end of a connection (a java.net socket for the real backends, the test playing the
 * kernel for the scripted one). Backend-specific behaviour (provided-buffer rings, the AcceptEx
 * pool, buffer limits per send, socket options) has its own per-backend tests.
 *
 * <p>Every test closes what it opened through the port; {@link #closeEverythingAndThePort()} closes
 * whatever a failing test left and lets a backend check that nothing of its own is left over.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class CompletionPortContract {

    /** The far end of one connection. */
    public interface Peer extends AutoCloseable {
        /** Its own address: what the port reports as the connection's remote address. */
        InetSocketAddress address();

        void write(byte[] bytes) throws IOException;

        /** The address it is connected to: the port's local address of the connection. */
        InetSocketAddress remoteAddress();

        /** Reads exactly {@code bytes} bytes the port sent. */
        byte[] read(int bytes) throws IOException;

        /** Ends its output gracefully (FIN): the port's receive ends with 0. */
        void shutdownOutput() throws IOException;

        /** Ends the connection abortively (RST). */
        void reset() throws IOException;

        /** True when it reads the end of the stream: the port closed or shut down its side. */
        boolean seesEnd() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** A listening peer for the port's connect. */
    public interface PeerListener extends AutoCloseable {
        InetSocketAddress address();

        /** The peer of the next connection the port made to {@link #address()}. */
        Peer accept() throws IOException;

        @Override
        void close() throws IOException;
    }

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final long ACCEPT = 1;
    private static final long RECEIVE = 2;
    private static final long SEND = 3;
    private static final long CLOSE = 4;
    private static final long CONNECT = 5;
    private static final long CLOSE_LISTENER = 6;
    private static final long CLEANUP = 1_000;

    protected CompletionBackend backend;
    protected CompletionPort port;
    protected PortRecorder recorder;
    private final Set<Long> listeners = new LinkedHashSet<>();
    private final Set<Long> sockets = new LinkedHashSet<>();
    private final List<AutoCloseable> peers = new ArrayList<>();

    /** Opens the backend under test (a subclass skips the test where it cannot run). */
    protected abstract CompletionBackend openBackend() throws IOException;

    /** Whether accept and receive stay armed across completions (FLAG_MORE); on a one-shot backend the caller re-arms. */
    protected abstract boolean operationsStayArmed();

    /** Whether a socket whose receive was cancelled can still receive (NIO2's cancel closes the channel). */
    protected boolean cancelLeavesTheSocketOpen() {
        return true;
    }

    /** A peer connecting to one of the port's listeners. */
    protected Peer connectPeer(InetSocketAddress listener) throws IOException {
        return SocketPeer.connect(listener);
    }

    /** A listening peer for the port to connect to. */
    protected PeerListener listenPeer() throws IOException {
        return SocketPeer.listen();
    }

    /** An address where nothing listens. */
    protected InetSocketAddress closedAddress() throws IOException {
        return SocketPeer.closedAddress();
    }

    /** Checks, once every socket and listener is closed and their completions delivered, that the port holds nothing of them. */
    protected void assertNothingLeft(CompletionPort port) {
    }

    @BeforeEach
    void openPort() throws IOException {
        backend = openBackend();
        port = backend.openPort();
        recorder = new PortRecorder(port);
    }

    @AfterEach
    void closeEverythingAndThePort() throws Exception {
        if (recorder == null) { // the backend could not be opened here: the test was skipped
            if (backend != null) {
                backend.close();
            }
            return;
        }
        try {
            for (AutoCloseable peer : peers) {
                peer.close();
            }
            long token = CLEANUP;
            Set<Long> closes = new HashSet<>();
            for (long listener : listeners) {
                port.closeListener(listener, token);
                closes.add(token++);
            }
            for (long socket : sockets) {
                port.close(socket, token);
                closes.add(token++);
            }
            for (long close : closes) {
                assertEquals(0, recorder.await(close).result(), "close completes with 0");
            }
            listeners.clear();
            sockets.clear();
            recorder.pollQuietly(3);
            assertNothingLeft(port);
        } finally {
            recorder.close();
            port.close();
            backend.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private long listen() throws IOException {
        long listener = port.listen(LOOPBACK_ANY_PORT, 64);
        listeners.add(listener);
        port.accept(listener, ACCEPT);
        return listener;
    }

    private <T extends AutoCloseable> T closeLater(T peer) {
        peers.add(peer);
        return peer;
    }

    /** Connects a peer to {@code listener} (accept armed) and returns the socket the port accepted, taken over as a worker does. */
    private long acceptOne(long listener, Peer peer) throws IOException {
        Done accepted = recorder.await(ACCEPT);
        assertTrue(accepted.result() > 0, () -> "an accept's result is the new socket: " + accepted);
        if (operationsStayArmed()) {
            assertTrue(accepted.more(), "accept stays armed");
        } else {
            assertFalse(accepted.more(), "a one-shot backend never sets FLAG_MORE");
            port.accept(listener, ACCEPT);
        }
        long socket = accepted.result();
        sockets.add(socket);
        port.adopt(socket);
        return socket;
    }

    private record Accepted(long listener, long socket, Peer peer) {
    }

    private Accepted listenAndAcceptOne() throws IOException {
        long listener = listen();
        Peer peer = closeLater(connectPeer(port.localAddress(listener)));
        return new Accepted(listener, acceptOne(listener, peer), peer);
    }

    private void closeSocket(long socket, long token) {
        sockets.remove(socket);
        port.close(socket, token);
    }

    private void closeListener(long listener, long token) {
        listeners.remove(listener);
        port.closeListener(listener, token);
    }

    /** Sends everything, sending the rest again after a partial completion, as a connection does. */
    private void sendAll(long socket, ByteBuffer[] buffers) throws IOException {
        int offset = 0;
        while (offset < buffers.length) {
            port.send(socket, buffers, offset, buffers.length - offset, SEND);
            Done sent = recorder.await(SEND);
            assertTrue(sent.result() > 0, () -> "send failed: " + sent);
            long left = sent.result();
            for (int i = offset; i < buffers.length && left > 0; i++) {
                int take = (int) Math.min(left, buffers[i].remaining());
                buffers[i].position(buffers[i].position() + take);
                left -= take;
            }
            while (offset < buffers.length && !buffers[offset].hasRemaining()) {
                offset++;
            }
        }
    }

    private Outcome outcome(Done done) {
        assertTrue(done.failed(), () -> "expected a failure: " + done);
        return ErrorClassifier.classify(backend.errorSpace(), done.errorCode());
    }

    /** Asserts an operation ended as cancelled by us: ECANCELED, or 995 ERROR_OPERATION_ABORTED. */
    private void assertAborted(Done done) {
        assertEquals(Outcome.ABORTED_BY_US, outcome(done), () -> "code " + done.errorCode());
        int expected = backend.errorSpace() == ErrorSpace.ERRNO ? Errno.ECANCELED : WinError.ERROR_OPERATION_ABORTED;
        assertEquals(expected, done.errorCode());
        assertFalse(done.more(), "an aborted operation has ended");
    }

    private static byte[] pattern(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ the contract

    @Test
    void acceptReceiveAndSendRoundTripWithTheCallersTokens() throws Exception {
        long listener = listen();
        assertTrue(port.localAddress(listener).getPort() > 0, "the real port after binding port 0");
        Peer peer = closeLater(connectPeer(port.localAddress(listener)));
        long socket = acceptOne(listener, peer);
        assertEquals(peer.address(), port.remoteAddress(socket));
        assertEquals(peer.remoteAddress(), port.localAddress(socket));

        port.receive(socket, RECEIVE);
        peer.write(ascii("hello"));
        assertArrayEquals(ascii("hello"), recorder.receiveExactly(socket, RECEIVE, 5));

        ByteBuffer reply = PortRecorder.direct(ascii("world!"));
        port.send(socket, new ByteBuffer[] {reply}, 0, 1, SEND);
        Done sent = recorder.await(SEND);
        assertEquals(6, sent.result());
        assertFalse(sent.more(), "a send completes once");
        assertNull(sent.data(), "only receives carry data");
        assertEquals(0, reply.position(), "the port leaves the caller's positions alone");
        assertArrayEquals(ascii("world!"), peer.read(6));

        closeSocket(socket, CLOSE);
        assertAborted(recorder.await(RECEIVE));
        assertEquals(0, recorder.await(CLOSE).result());
    }

    @Test
    void anArmedAcceptHandsOutEveryConnectionOnceWithItsPeersAddress() throws Exception {
        long listener = listen();
        InetSocketAddress address = port.localAddress(listener);
        Set<Long> handles = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Peer peer = closeLater(connectPeer(address));
            long socket = acceptOne(listener, peer);
            assertTrue(handles.add(socket), "a handle handed out twice: " + socket);
            assertEquals(peer.address(), port.remoteAddress(socket));
        }
        assertTrue(recorder.pollQuietly(3).isEmpty(), "one completion per connection");
    }

    @Test
    void gatheredSendWritesEachBufferFromItsPositionToItsLimitAndMovesNone() throws Exception {
        Accepted a = listenAndAcceptOne();
        ByteBuffer skipped = PortRecorder.direct(ascii("unused"));
        ByteBuffer first = PortRecorder.direct(ascii("xxABC"));
        first.position(2);
        ByteBuffer second = PortRecorder.direct(ascii("DEFyy"));
        second.limit(3);
        ByteBuffer third = PortRecorder.direct(pattern(3_000, 1));
        ByteBuffer[] buffers = {skipped, first, second, third};

        port.send(a.socket(), buffers, 1, 3, SEND);
        assertEquals(3 + 3 + 3_000, recorder.await(SEND).result());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(ascii("ABCDEF"));
        expected.write(pattern(3_000, 1));
        assertArrayEquals(expected.toByteArray(), a.peer().read(3_006));
        assertEquals(2, first.position());
        assertEquals(5, first.limit());
        assertEquals(0, second.position());
        assertEquals(3, second.limit());
        assertEquals(0, third.position());

        // The same buffers with new windows: a port reusing its views of them must follow.
        first.position(4);
        second.limit(5);
        third.position(2_990);
        port.send(a.socket(), buffers, 1, 3, SEND);
        assertEquals(1 + 5 + 10, recorder.await(SEND).result());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        again.write(ascii("CDEFyy"));
        again.write(pattern(3_000, 1), 2_990, 10);
        assertArrayEquals(again.toByteArray(), a.peer().read(16));
    }

    @Test
    void oneReceiveDeliversManyWritesAndALargeBurstCompleteAndInOrder() throws Exception {
        Accepted a = listenAndAcceptOne();
        port.receive(a.socket(), RECEIVE);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            byte[] piece = ascii("frame-" + i + ";");
            a.peer().write(piece);
            expected.write(piece);
        }
        byte[] burst = pattern(300_000, 4); // more than any backend's receive buffer
        a.peer().write(burst);
        expected.write(burst);

        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < expected.size()) {
            Done d = recorder.await(RECEIVE);
            assertTrue(d.result() > 0, () -> "the receive ended: " + d);
            assertEquals(d.result(), d.data().length, "the data is the result's bytes");
            if (operationsStayArmed()) {
                assertTrue(d.more(), "an armed receive stays armed after each chunk");
            } else {
                assertFalse(d.more(), "a one-shot backend never sets FLAG_MORE");
                port.receive(a.socket(), RECEIVE);
            }
            got.write(d.data());
        }
        assertArrayEquals(expected.toByteArray(), got.toByteArray());
    }

    @Test
    void peerShutdownEndsTheReceiveWithZeroAfterItsData() throws Exception {
        Accepted a = listenAndAcceptOne();
        port.receive(a.socket(), RECEIVE);
        a.peer().write(new byte[] {7, 8});
        a.peer().shutdownOutput();

        assertArrayEquals(new byte[] {7, 8}, recorder.receiveExactly(a.socket(), RECEIVE, 2));
        Done eof = recorder.await(RECEIVE);
        assertEquals(0, eof.result(), () -> "end of stream: " + eof);
        assertFalse(eof.more(), "end of stream ends the receive");
        assertNull(eof.data());
    }

    @Test
    void shutdownOutputEndsThePeersStreamWhileReceivesGoOn() throws Exception {
        Accepted a = listenAndAcceptOne();
        port.receive(a.socket(), RECEIVE);
        assertEquals(0, port.shutdownOutput(a.socket()), "a connected socket half-closes");
        assertTrue(a.peer().seesEnd(), "the peer reads end of stream");
        a.peer().write(new byte[] {4, 2});
        assertArrayEquals(new byte[] {4, 2}, recorder.receiveExactly(a.socket(), RECEIVE, 2),
                "our side still receives after shutting its output");
    }

    @Test
    void peerResetFailsTheReceiveAsPeerReset() throws Exception {
        Accepted a = listenAndAcceptOne();
        port.receive(a.socket(), RECEIVE);
        a.peer().reset();

        Done reset = recorder.await(RECEIVE);
        assertEquals(Outcome.PEER_RESET, outcome(reset), () -> "code " + reset.errorCode());
        if (backend.errorSpace() == ErrorSpace.ERRNO) {
            assertEquals(Errno.ECONNRESET, reset.errorCode(), "a reset is ECONNRESET on Linux");
        }
        assertFalse(reset.more(), "a failure ends the receive");
        assertNull(reset.data());
    }

    @Test
    void closeWithAReceivePendingAbortsItThenCompletesOnceAndThePeerSeesTheEnd() throws Exception {
        Accepted a = listenAndAcceptOne();
        port.receive(a.socket(), RECEIVE);
        recorder.pollQuietly(2); // the receive is now in the kernel

        closeSocket(a.socket(), CLOSE);
        assertEquals(0, recorder.await(CLOSE).result(), "close completes with its own token");

        assertAborted(recorder.await(RECEIVE));
        List<Long> order = recorder.delivered().stream().map(Done::token).toList();
        assertTrue(order.indexOf(RECEIVE) < order.indexOf(CLOSE), () -> "the aborted receive completes before the close: " + order);
        assertTrue(recorder.pollQuietly(3).isEmpty(), "nothing completes after the close");
        assertTrue(a.peer().seesEnd(), "the peer sees the connection end");
    }

    @Test
    void cancelAbortsOnlyTheNamedOperation() throws Exception {
        Accepted a = listenAndAcceptOne();
        port.receive(a.socket(), RECEIVE);
        recorder.pollQuietly(2);

        port.cancel(a.socket(), RECEIVE);
        assertAborted(recorder.await(RECEIVE));
        assertTrue(recorder.pollQuietly(3).isEmpty(), "a cancel itself delivers nothing");

        if (cancelLeavesTheSocketOpen()) {
            a.peer().write(new byte[] {1, 2, 3});
            port.receive(a.socket(), RECEIVE);
            assertArrayEquals(new byte[] {1, 2, 3}, recorder.receiveExactly(a.socket(), RECEIVE, 3),
                    "the socket still works: the data waited in it");
        }
        closeSocket(a.socket(), CLOSE);
        assertEquals(0, recorder.await(CLOSE).result(), "the close still completes once");
        recorder.pollQuietly(3); // an armed receive's abort
    }

    @Test
    void connectToAListeningPeerGivesASocketThatCarriesBytesBothWays() throws Exception {
        try (PeerListener server = listenPeer()) {
            port.connect(server.address(), CONNECT);
            Done connected = recorder.await(CONNECT);
            assertTrue(connected.result() > 0, () -> "a connect's result is the socket: " + connected);
            long socket = connected.result();
            sockets.add(socket);
            Peer peer = closeLater(server.accept());
            assertEquals(server.address(), port.remoteAddress(socket));
            assertEquals(peer.remoteAddress(), port.localAddress(socket));

            sendAll(socket, new ByteBuffer[] {PortRecorder.direct(ascii("ping"))});
            assertArrayEquals(ascii("ping"), peer.read(4));
            port.receive(socket, RECEIVE);
            peer.write(ascii("pong"));
            assertArrayEquals(ascii("pong"), recorder.receiveExactly(socket, RECEIVE, 4));

            closeSocket(socket, CLOSE);
            assertEquals(0, recorder.await(CLOSE).result());
            assertAborted(recorder.await(RECEIVE));
        }
    }

    @Test
    void connectToAClosedPortFailsAsRefused() throws Exception {
        port.connect(closedAddress(), CONNECT);
        Done refused = recorder.await(CONNECT);
        assertEquals(Outcome.REFUSED, outcome(refused), () -> "code " + refused.errorCode());
        if (backend.errorSpace() == ErrorSpace.ERRNO) {
            assertEquals(Errno.ECONNREFUSED, refused.errorCode(), "a refusal is ECONNREFUSED on Linux");
        }
    }

    @Test
    void connectToAnUnresolvedAddressFailsThroughItsCompletionInsteadOfThrowing() throws Exception {
        port.connect(InetSocketAddress.createUnresolved("no-such-host.invalid", 9), CONNECT);
        Done failed = recorder.await(CONNECT);
        int expected = backend.errorSpace() == ErrorSpace.ERRNO ? Errno.EADDRNOTAVAIL : WinError.WSAEADDRNOTAVAIL;
        assertEquals(Completions.failure(expected), failed.result());
    }

    @Test
    void wakeupFromAnotherThreadReturnsABlockedPollWithoutACompletion() throws Exception {
        recorder.pollQuietly(2);
        CountDownLatch polling = new CountDownLatch(1);
        AtomicReference<Throwable> wakerFailure = new AtomicReference<>();
        Thread waker = new Thread(() -> {
            try {
                polling.await();
                Thread.sleep(100); // most likely blocked in the kernel by now; a wake-up before is covered below
                port.wakeup();
            } catch (Throwable t) {
                wakerFailure.set(t);
            }
        }, "contract-waker");
        waker.setDaemon(true);
        waker.start();
        polling.countDown();
        assertEquals(0, port.poll(recorder, true), "a wake-up is not a completion");
        waker.join(10_000);
        assertNull(wakerFailure.get());
        assertTrue(recorder.delivered().isEmpty());
    }

    @Test
    void wakeupsBeforeAPollMakeTheNextBlockingPollReturnAndTheOneAfterStillWakes() throws Exception {
        recorder.pollQuietly(2);
        for (int i = 0; i < 1000; i++) {
            port.wakeup();
        }
        assertEquals(0, port.poll(recorder, true));
        recorder.pollQuietly(2); // wake-ups made while the owner was awake may collapse into one
        Thread later = new Thread(port::wakeup, "contract-late-waker");
        later.start();
        later.join(10_000);
        assertEquals(0, port.poll(recorder, true));
        assertTrue(recorder.delivered().isEmpty());
    }

    @Test
    void closeListenerEndsTheArmedAcceptOnceThenCompletes() throws Exception {
        long listener = listen();
        recorder.pollQuietly(2);

        closeListener(listener, CLOSE_LISTENER);
        assertEquals(0, recorder.await(CLOSE_LISTENER).result());
        List<Done> delivered = recorder.delivered();
        assertEquals(2, delivered.size(), () -> "the accept's end, then the close: " + delivered);
        Done ended = delivered.get(0);
        assertEquals(ACCEPT, ended.token());
        assertAborted(ended);
        recorder.await(ACCEPT);
        assertTrue(recorder.pollQuietly(3).isEmpty(), "the accept ended once");
    }

    @Test
    void largeSendCompletesAsThePeerReadsAndNothingIsLostAcrossPartialSends() throws Exception {
        Accepted a = listenAndAcceptOne();
        byte[] payload = pattern(2 * 1024 * 1024, 5);
        AtomicReference<byte[]> read = new AtomicReference<>();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                Thread.sleep(100); // let the send find the peer's window full first
                read.set(a.peer().read(payload.length));
            } catch (Throwable e) {
                readerFailure.set(e);
            }
        }, "contract-reader");
        reader.setDaemon(true);
        reader.start();

        sendAll(a.socket(), new ByteBuffer[] {PortRecorder.direct(payload)});
        reader.join(30_000);
        assertFalse(reader.isAlive(), "the peer read everything");
        assertNull(readerFailure.get());
        assertArrayEquals(payload, read.get());
    }
}

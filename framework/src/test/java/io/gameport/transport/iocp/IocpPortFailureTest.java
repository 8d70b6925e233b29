package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.windows.NtStatus;
import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.Outcome;
import io.gameport.transport.SocketSettings;
import io.gameport.transport.PortRecorder.Done;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * What the port does when starting an operation does not return WSA_IO_PENDING: out of kernel
 * resources (1450, 10055) is retried with back-off and counted, never fatal; any other failure is
 * delivered as a failed completion through poll; an inline success is delivered by poll too. And
 * what it does with failures the kernel reports later, in the packet: a failed accept costs only its
 * socket. Real sockets under real Winsock, with answers scripted where Windows would need an
 * exhausted non-paged pool or a badly timed peer to give them.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(60)
class IocpPortFailureTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final long ACCEPT = 1;
    private static final long RECEIVE = 2;
    private static final long SEND = 3;
    private static final long CLOSE = 4;

    private final ErrorMetrics metrics = new ErrorMetrics();
    private final ScriptedStarts starts = new ScriptedStarts();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private PortHarness open(int retryInitialMs, int retryMaxMs, int maxAttempts) throws IOException {
        IocpSettings d = IocpSettings.defaults();
        IocpSettings settings = new IocpSettings(d.receiveMode(), d.drainBufferBytes(), d.maxDrainRounds(),
                d.postedReceiveBufferBytes(), 2, d.skipCompletionPortOnSuccess(), d.dequeueBatch(), d.maxOperations(),
                retryInitialMs, retryMaxMs, maxAttempts);
        IocpBackend backend = IocpBackend.open(SocketSettings.defaults(), metrics, settings);
        cleanup.add(backend);
        IocpPort port = IocpPort.open(backend, starts);
        starts.postTo(port);
        cleanup.add(port);
        PortHarness harness = new PortHarness(port);
        cleanup.add(harness);
        return harness;
    }

    private long acceptOne(PortHarness h, Socket client) throws IOException {
        long listener = h.listen(LOOPBACK_ANY_PORT, ACCEPT);
        client.connect(h.port.localAddress(listener), 5_000);
        Done accepted = h.await(ACCEPT);
        assertTrue(accepted.result() > 0, accepted.toString());
        h.track(accepted.result());
        return accepted.result();
    }

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    @Test
    void wakeupRacingCloseNeverPostsToTheClosedHandle() throws Exception {
        IocpBackend backend = IocpBackend.open(SocketSettings.defaults(), metrics, IocpSettings.defaults());
        cleanup.add(backend);
        IocpPort port = IocpPort.open(backend, starts);
        ScriptedStarts.WakeupHold hold = starts.holdNextWakeup();
        // Another thread's wake-up has checked that the port is open and is about to post...
        Thread waker = new Thread(port::wakeup, "waker");
        waker.start();
        assertTrue(hold.entered.await(10, java.util.concurrent.TimeUnit.SECONDS), "the wake-up reached its post");
        // ...when the owner closes the port. Close runs as far as it may: to its end, or into its
        // wait for the wake-up in flight.
        Thread closer = new Thread(port::close, "closer");
        closer.start();
        while (closer.isAlive() && !port.closeAwaitedWaker()) {
            Thread.onSpinWait();
        }
        hold.release.countDown();
        waker.join(10_000);
        closer.join(10_000);
        assertFalse(closer.isAlive(), "close finished once the wake-up left");
        assertEquals(0, hold.result, () -> "the wake-up was posted to a closed handle: " + WinError.name(hold.result));
        assertEquals(0, metrics.count(Outcome.PORT_CLOSED), "no post failed for a closed port");
    }

    @Test
    void sendRefusedForLackOfKernelResourcesIsRetriedThenCompletes() throws Exception {
        PortHarness h = open(1, 4, 5);
        Socket client = new Socket();
        cleanup.add(client);
        long socket = acceptOne(h, client);
        starts.send.thenAnswer(WinError.WSAENOBUFS);
        starts.send.thenAnswer(WinError.ERROR_NO_SYSTEM_RESOURCES);

        h.port.send(socket, new ByteBuffer[] {direct("abc")}, 0, 1, SEND);
        Done sent = h.await(SEND);

        assertEquals(3, sent.result(), "the third attempt went through: " + sent);
        assertEquals(3, starts.send.calls);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), client.getInputStream().readNBytes(3));
        assertEquals(1, metrics.count("WSAENOBUFS"));
        assertEquals(1, metrics.count("ERROR_NO_SYSTEM_RESOURCES"));
        assertEquals(2, metrics.count(Outcome.OUT_OF_RESOURCES));
    }

    @Test
    void receiveStillOutOfResourcesAfterTheLastAttemptIsDeliveredAsThatFailure() throws Exception {
        PortHarness h = open(1, 2, 3);
        Socket client = new Socket();
        cleanup.add(client);
        long socket = acceptOne(h, client);
        starts.recv.alwaysAnswer(WinError.WSAENOBUFS);

        h.port.receive(socket, RECEIVE);
        Done failed = h.await(RECEIVE);

        assertEquals(Completions.failure(WinError.WSAENOBUFS), failed.result());
        assertFalse(failed.more(), "the receive ended");
        assertEquals(4, starts.recv.calls, "the first start and three retries");
        assertEquals(3, metrics.count("WSAENOBUFS"), "each retry counted");
        starts.recv.clear();
        // The socket survived: a new receive works.
        h.port.receive(socket, RECEIVE);
        client.getOutputStream().write(9);
        assertArrayEquals(new byte[] {9}, h.receiveExactly(RECEIVE, 1));
    }

    @Test
    void closeWhileARetryWaitsCompletesThatOperationAsAbortedAndTheCloseOnce() throws Exception {
        PortHarness h = open(60_000, 60_000, 5); // the retry would wait a minute: only the close can end it
        Socket client = new Socket();
        cleanup.add(client);
        long socket = acceptOne(h, client);
        starts.recv.alwaysAnswer(WinError.ERROR_NO_SYSTEM_RESOURCES);
        h.port.receive(socket, RECEIVE);
        h.port.poll(h, false);
        assertTrue(h.completions().isEmpty(), "waiting for its retry: " + h.completions());

        h.closeSocket(socket, CLOSE);

        assertEquals(Completions.failure(WinError.ERROR_OPERATION_ABORTED), h.await(RECEIVE).result());
        assertEquals(0, h.await(CLOSE).result());
        assertTrue(h.pollQuietly(3).isEmpty(), "the retry never runs after the close");
        assertEquals(1, starts.recv.calls);
    }

    @Test
    void acceptExOutOfResourcesAtStartIsRetriedAndTheListenerStillAccepts() throws Exception {
        PortHarness h = open(1, 4, 5);
        starts.accept.thenAnswer(WinError.WSAENOBUFS);
        starts.accept.thenAnswer(WinError.WSAENOBUFS);
        Socket client = new Socket();
        cleanup.add(client);

        acceptOne(h, client);

        assertEquals(2, metrics.count("WSAENOBUFS"));
        assertTrue(starts.accept.calls >= 4, "two refused starts and the pool of two posted: " + starts.accept.calls);
    }

    @Test
    void acceptFailingAtCompletionClosesOnlyThatSocketAndTheListenerKeepsAccepting() throws Exception {
        PortHarness h = open(1, 4, 5);
        starts.accept.thenCompleteWith(NtStatus.STATUS_CONNECTION_RESET); // a peer that reset before we reaped it
        Socket client = new Socket();
        cleanup.add(client);

        long socket = acceptOne(h, client);

        assertEquals(1, metrics.count("WSAECONNRESET"), "the failed accept is counted, not delivered");
        assertEquals(client.getLocalSocketAddress(), h.port.remoteAddress(socket));
        assertEquals(2, h.port.ownedSocketsOpen(), "the failed accept's socket was closed and replaced");
    }

    @Test
    void receiveFailingAtCompletionWithNetnameDeletedIsDeliveredAsThePeersReset() throws Exception {
        PortHarness h = open(1, 4, 5);
        Socket client = new Socket();
        cleanup.add(client);
        long socket = acceptOne(h, client);
        // Winsock reports STATUS_REMOTE_DISCONNECT as 64 ERROR_NETNAME_DELETED: on a socket we did
        // not close, it is the peer's doing and must not be mistaken for our own abort (995).
        starts.recv.thenCompleteWith(NtStatus.STATUS_REMOTE_DISCONNECT);

        h.port.receive(socket, RECEIVE);
        Done failed = h.await(RECEIVE);

        assertTrue(failed.failed());
        assertFalse(failed.more());
        assertEquals(Outcome.PEER_RESET, ErrorClassifier.classify(ErrorSpace.WINDOWS, failed.errorCode()),
                WinError.name(failed.errorCode()));
    }

    @Test
    void sendFailingAtStartIsDeliveredAsAFailedCompletionByPollNotBySend() throws Exception {
        PortHarness h = open(1, 4, 5);
        Socket client = new Socket();
        cleanup.add(client);
        long socket = acceptOne(h, client);
        starts.send.thenAnswer(WinError.WSAECONNRESET);

        h.port.send(socket, new ByteBuffer[] {direct("lost")}, 0, 1, SEND);
        assertTrue(h.completions().isEmpty(), "starting never calls the handler");
        Done failed = h.await(SEND);

        assertEquals(Completions.failure(WinError.WSAECONNRESET), failed.result());
        assertEquals(0, metrics.count("WSAECONNRESET"), "a delivered failure is the caller's to record");
    }

    @Test
    void inlineSuccessIsDeliveredByPollWithoutAPacket() throws Exception {
        PortHarness h = open(1, 4, 5);
        Socket client = new Socket();
        cleanup.add(client);
        long socket = acceptOne(h, client);
        long before = h.port.inlineCompletions();

        // A small send to an idle socket fits its send buffer: Winsock completes it inline.
        h.port.send(socket, new ByteBuffer[] {direct("now")}, 0, 1, SEND);
        assertTrue(h.completions().isEmpty(), "starting never calls the handler");
        assertEquals(3, h.await(SEND).result());

        assertEquals(before + 1, h.port.inlineCompletions());
        assertEquals(0, h.port.unknownPackets());
        assertTrue(h.pollQuietly(3).isEmpty(), "no second completion from a packet");
    }
}

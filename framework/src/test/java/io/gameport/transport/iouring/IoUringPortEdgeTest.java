package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.IoUringConstants;
import io.gameport.nativeio.linux.LibC;
import io.gameport.transport.PortRecorder;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** Less travelled paths: the COOP_TASKRUN ring, aborts while the port holds an operation back, misuse at close. */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class IoUringPortEdgeTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void roundTripAndWakeupWorkOnACoopTaskrunRing() throws Exception {
        IoUringSettings coop = new IoUringSettings(64, 256, 16, 4096, 8, 100, IoUringSettings.TaskRunMode.COOP_TASKRUN);
        try (PortFixture f = PortFixture.open(coop); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            client.connect(f.port.localAddress(listener), 5000);
            long socket = f.await(1).result();
            f.port.receive(socket, 2);
            client.getOutputStream().write("coop".getBytes(StandardCharsets.US_ASCII));
            assertEquals("coop", new String(f.await(2).data(), StandardCharsets.US_ASCII));
            f.port.send(socket, new ByteBuffer[] {PortFixture.direct("ok")}, 0, 1, 3);
            assertEquals(2, f.await(3).result());
            assertEquals("ok", new String(client.getInputStream().readNBytes(2), StandardCharsets.US_ASCII));
            Thread waker = new Thread(f.port::wakeup, "waker");
            waker.start();
            waker.join(5000);
            f.port.poll(f.recorder, true);
            f.closeAndAwait(socket, 9);
            assertEquals(-Errno.ECANCELED, f.await(2).result());
            f.closeListenerAndAwait(listener);
        }
    }

    @Test
    void descriptorNumberHandedOutAgainBeforeItsCloseWasReapedServesTheNewSocket() throws Exception {
        // Another thread of the test JVM may take the lowest free descriptor first; such an attempt
        // proves nothing either way, so try again (each attempt checks everything it can).
        int attempts = 0;
        boolean reusedOnce = false;
        while (!reusedOnce && attempts++ < 20) {
            reusedOnce = reuseTheClosedNumberInsideTheAbortedReceive();
        }
        assertTrue(reusedOnce, "in 20 attempts the kernel never handed the closed number out again before its CLOSE was reaped");
    }

    /** @return false when the lowest free descriptor went to another thread (nothing was proven) */
    private static boolean reuseTheClosedNumberInsideTheAbortedReceive() throws Exception {
        // COOP_TASKRUN runs the rest of a close chain on this thread's next syscall: inside the
        // callback of the receive the close aborted, the old socket is closed while the port has
        // not reaped its CLOSE yet, and the lowest free descriptor is the old number.
        IoUringSettings coop = new IoUringSettings(64, 256, 16, 4096, 8, 100, IoUringSettings.TaskRunMode.COOP_TASKRUN);
        try (PortFixture f = PortFixture.open(coop); Socket first = new Socket(); Socket second = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            first.connect(f.port.localAddress(listener), 5000);
            int old = (int) f.await(1).result();
            f.port.receive(old, 2);
            f.port.poll(f.recorder, false);
            f.port.close(old, 3);
            long[] reused = {-1};
            boolean[] closeReaped = {false};
            CompletionHandler reuseOnAbort = (token, result, flags, data) -> {
                f.recorder.onCompletion(token, result, flags, data);
                closeReaped[0] |= token == 3;
                if (token == 2 && !closeReaped[0]) {
                    // Each check is a syscall, on whose return the kernel runs the chain's next step.
                    for (int i = 0; i < 100_000 && Files.exists(Path.of("/proc/self/fd/" + old)); i++) {
                        Thread.onSpinWait();
                    }
                    reused[0] = listenQuietly(f);
                    f.port.accept(reused[0], 4);
                }
            };
            while (reused[0] < 0) {
                f.port.poll(reuseOnAbort, true);
            }
            assertEquals(0, f.await(3).result(), "the old socket's close completed");
            boolean proven = reused[0] == old;
            if (proven) {
                second.connect(f.port.localAddress(reused[0]), 5000);
                PortRecorder.Done accepted = f.await(4);
                assertTrue(accepted.result() >= 0, () -> "the new listener on the reused number accepts: " + accepted.result());
                f.closeAndAwait(accepted.result(), 5);
            }
            f.port.closeListener(reused[0], 6);
            assertEquals(-Errno.ECANCELED, f.await(4).result());
            assertEquals(0, f.await(6).result());
            f.closeListenerAndAwait(listener);
            return proven;
        }
    }

    private static long listenQuietly(PortFixture f) {
        try {
            return f.port.listen(LOOPBACK_ANY_PORT, 16);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void closingASocketWhoseReceiveRanOutOfBuffersAbortsThatReceive() throws Exception {
        IoUringSettings oneBuffer = new IoUringSettings(64, 256, 1, 64, 8, 100, IoUringSettings.TaskRunMode.DEFER_TASKRUN);
        try (PortFixture f = PortFixture.open(oneBuffer); Socket a = new Socket(); Socket b = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            a.connect(f.port.localAddress(listener), 5000);
            long socketA = f.await(1).result();
            b.connect(f.port.localAddress(listener), 5000);
            long socketB = f.await(1).result();
            a.getOutputStream().write(new byte[32]);
            b.getOutputStream().write(new byte[32]);
            // Both sockets hold data when the receives are submitted: A takes the only buffer, B starves.
            f.port.receive(socketA, 10);
            f.port.receive(socketB, 20);
            boolean[] closedB = {false};
            CompletionHandler closeBOnFirstData = (token, result, flags, data) -> {
                if (token == 10 && !closedB[0]) {
                    closedB[0] = true;
                    f.port.close(socketB, 21);
                }
                f.recorder.onCompletion(token, result, flags, data);
            };
            while (!closedB[0]) {
                f.port.poll(closeBOnFirstData, true);
            }
            assertTrue(f.port.bufferStarvations() > 0, "B's receive must have found the ring empty");
            PortRecorder.Done aborted = f.await(20);
            assertEquals(-Errno.ECANCELED, aborted.result(), "a starved receive is aborted by close, never re-armed");
            assertEquals(0, f.await(21).result());
            f.closeAndAwait(socketA, 11);
            f.await(d -> d.token() == 10 && d.result() < 0, "A's receive aborted");
            f.closeListenerAndAwait(listener);
        }
    }

    @Test
    void closingAListenerDuringAcceptBackOffAbortsTheAccept() throws Exception {
        // A back-off far longer than the test's timeout: only cancelling the timer can finish the accept.
        IoUringSettings longBackOff = new IoUringSettings(64, 256, 16, 4096, 8, 600_000, IoUringSettings.TaskRunMode.DEFER_TASKRUN);
        new ErrorMetrics().record(ErrorSpace.ERRNO, Errno.EMFILE, "warm-up before exhausting descriptors");
        try (PortFixture f = PortFixture.open(longBackOff); SocketChannel client = SocketChannel.open()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            f.drainNonBlocking(2);
            f.connectWhileOutOfDescriptors(listener, client, false);
            assertTrue(f.metrics.count("EMFILE") > 0, "the accept is now waiting on its back-off timer");
            f.port.closeListener(listener, 2);
            PortRecorder.Done accept = f.await(1);
            assertEquals(-Errno.ECANCELED, accept.result());
            assertEquals(0, Completions.more(accept.flags()) ? 1 : 0);
            assertEquals(0, f.await(2).result());
        }
    }

    @Test
    void sendAfterThePeerResetFailsAsAPeerReset() throws Exception {
        try (PortFixture f = PortFixture.open()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            Socket client = new Socket();
            client.connect(f.port.localAddress(listener), 5000);
            long socket = f.await(1).result();
            f.port.receive(socket, 2);
            client.setSoLinger(true, 0);
            client.close();
            assertEquals(-Errno.ECONNRESET, f.await(2).result());
            f.port.send(socket, new ByteBuffer[] {PortFixture.direct("late")}, 0, 1, 3);
            long result = f.await(3).result();
            assertTrue(result < 0, "a send to a reset connection fails");
            assertEquals(Outcome.PEER_RESET, ErrorClassifier.classify(ErrorSpace.ERRNO, Completions.errorCode(result)),
                    () -> "unexpected " + Errno.name(Completions.errorCode(result)));
            f.closeAndAwait(socket, 9);
            f.closeListenerAndAwait(listener);
        }
    }

    @Test
    void operationsStartedWhileASocketIsClosingNeverReachTheKernel() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            client.connect(f.port.localAddress(listener), 5000);
            long socket = f.await(1).result();
            f.port.close(socket, 3);
            f.port.send(socket, new ByteBuffer[] {PortFixture.direct("too late")}, 0, 1, 4);
            f.port.receive(socket, 5);
            f.port.close(socket, 6);
            assertEquals(-Errno.ECANCELED, f.await(4).result());
            assertEquals(-Errno.ECANCELED, f.await(5).result());
            assertEquals(-Errno.EBADF, f.await(6).result(), "a second close must not close a reused descriptor");
            assertEquals(0, f.await(3).result());
            client.setSoTimeout(5000);
            assertEquals(-1, client.getInputStream().read(), "nothing was sent after the close");
            f.closeListenerAndAwait(listener);
        }
    }

    @Test
    void aCompletionNamingNoOperationIsCountedAndDropped() throws Exception {
        try (PortFixture f = PortFixture.open()) {
            f.drainNonBlocking(1);
            IoUringRing other = IoUringRing.open(8, 16, IoUringSettings.TaskRunMode.DEFER_TASKRUN);
            try {
                // MSG_RING posts a CQE with any user_data into the target ring: off = user_data, len = res.
                other.prepare(IoUringConstants.IORING_OP_MSG_RING, (byte) 0, (short) 0, f.port.ringFd(),
                        0xDEAD_BEEF_0000_0042L, 0, 7, 0, 1, (short) 0);
                assertEquals(1, other.enter(1, true));
                assertEquals(0, other.cqeResult(other.cqHead()), "MSG_RING delivered");
            } finally {
                other.close();
            }
            for (int round = 0; round < 1000 && f.port.unknownCompletions() == 0; round++) {
                assertEquals(0, f.port.poll(f.recorder, true), "nothing is delivered");
            }
            assertEquals(1, f.port.unknownCompletions());
            assertTrue(f.recorder.unclaimed().isEmpty());
        }
    }

    @Test
    void closingThePortWithOperationsStillArmedCancelsThemAndReturns() throws Exception {
        PortFixture f = PortFixture.open();
        long listener;
        long socket;
        try (Socket client = new Socket()) {
            listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            client.connect(f.port.localAddress(listener), 5000);
            socket = f.await(1).result();
            f.port.receive(socket, 2);
            f.drainNonBlocking(2);
            f.close();
        }
        // The sockets stay the caller's: the port cancelled their operations but closed nothing of theirs.
        assertEquals(0, LibC.close((int) socket));
        assertEquals(0, LibC.close((int) listener));
    }
}

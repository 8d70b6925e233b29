package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.linux.Errno;
import io.gameport.transport.PortRecorder;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** Resource edges: an exhausted buffer ring, a full SQ and CQ, an exhausted descriptor table, descriptor accounting. */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class IoUringPortStressTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static byte[] pattern(int connection, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (connection * 31 + i * 7);
        }
        return bytes;
    }

    @Test
    void receivesRecoverWhenManyConnectionsExhaustATinyBufferRing() throws Exception {
        IoUringSettings tiny = new IoUringSettings(64, 256, 2, 64, 8, 100, IoUringSettings.TaskRunMode.DEFER_TASKRUN);
        int connections = 16;
        int bytesEach = 4096;
        try (PortFixture f = PortFixture.open(tiny)) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 64);
            f.port.accept(listener, 1);
            Socket[] clients = new Socket[connections];
            long[] sockets = new long[connections];
            for (int c = 0; c < connections; c++) {
                clients[c] = new Socket();
                clients[c].connect(f.port.localAddress(listener), 5000);
                PortRecorder.Done accepted = f.await(1);
                assertTrue(accepted.result() >= 0);
                sockets[c] = accepted.result();
                f.port.receive(sockets[c], 100 + c);
            }
            // Every socket holds data before the receives reach the kernel: the 2 buffers run out at once.
            for (int c = 0; c < connections; c++) {
                clients[c].getOutputStream().write(pattern(c, bytesEach));
            }
            ByteArrayOutputStream[] got = new ByteArrayOutputStream[connections];
            for (int c = 0; c < connections; c++) {
                got[c] = new ByteArrayOutputStream();
            }
            int complete = 0;
            while (complete < connections) {
                PortRecorder.Done d = f.await(x -> x.token() >= 100, "receive data");
                int c = (int) d.token() - 100;
                assertTrue(d.result() > 0, () -> "receive on connection " + c + " ended with " + d.result());
                assertTrue(Completions.more(d.flags()), "starvation is handled inside the port, never delivered");
                got[c].write(d.data());
                if (got[c].size() == bytesEach) {
                    complete++;
                }
            }
            for (int c = 0; c < connections; c++) {
                assertArrayEquals(pattern(c, bytesEach), got[c].toByteArray(), "connection " + c);
            }
            assertTrue(f.port.bufferStarvations() > 0, "the test must actually exhaust the ring");
            assertTrue(f.metrics.count("ENOBUFS") > 0, "each starvation is recorded");
            for (int c = 0; c < connections; c++) {
                f.port.close(sockets[c], 200 + c);
                clients[c].close();
            }
            for (int c = 0; c < connections; c++) {
                assertEquals(0, f.await(200 + c).result());
                assertEquals(-Errno.ECANCELED, f.await(100 + c).result());
            }
            f.closeListenerAndAwait(listener);
        }
    }

    @Test
    void sendsBeyondTheSubmissionQueueSizeAllCompleteInOrder() throws Exception {
        IoUringSettings small = new IoUringSettings(8, 16, 16, 4096, 8, 100, IoUringSettings.TaskRunMode.DEFER_TASKRUN);
        int sends = 200;
        try (PortFixture f = PortFixture.open(small); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            client.connect(f.port.localAddress(listener), 5000);
            long socket = f.await(1).result();
            ByteBuffer[] payload = new ByteBuffer[sends];
            byte[] expected = new byte[sends];
            for (int i = 0; i < sends; i++) {
                expected[i] = (byte) i;
                payload[i] = ByteBuffer.allocateDirect(1).put(0, (byte) i);
                f.port.send(socket, payload, i, 1, 1000 + i);
            }
            for (int i = 0; i < sends; i++) {
                assertEquals(1, f.await(1000 + i).result(), "send " + i);
            }
            assertTrue(f.port.earlySubmits() > 0, "200 sends cannot fit an 8-entry SQ");
            assertArrayEquals(expected, client.getInputStream().readNBytes(sends));
            f.closeAndAwait(socket, 9);
            f.closeListenerAndAwait(listener);
        }
    }

    @Test
    void listenerSurvivesRunningOutOfDescriptors() throws Exception {
        IoUringSettings quickRetry = new IoUringSettings(64, 256, 16, 4096, 8, 20, IoUringSettings.TaskRunMode.DEFER_TASKRUN);
        // Load what the EMFILE path touches (logging, error naming) while descriptors are still available.
        new ErrorMetrics().record(ErrorSpace.ERRNO, Errno.EMFILE, "warm-up before exhausting descriptors");
        try (PortFixture f = PortFixture.open(quickRetry); SocketChannel client = SocketChannel.open()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            f.drainNonBlocking(2);
            f.connectWhileOutOfDescriptors(listener, client, true);
            assertTrue(f.metrics.count("EMFILE") > 0, "accept hit EMFILE while the table was full");
            assertTrue(f.recorder.unclaimed().isEmpty(), () -> "EMFILE is handled by the port, not delivered: " + f.recorder.unclaimed());
            PortRecorder.Done accepted = f.await(1);
            assertTrue(accepted.result() >= 0, () -> "accept after recovery: " + accepted.result());
            assertTrue(Completions.more(accepted.flags()), "the listener is still armed");
            f.closeAndAwait(accepted.result(), 9);
            f.closeListenerAndAwait(listener);
        }
    }

    @Test
    void descriptorsReturnToTheirStartingCountAfterEverythingIsClosed() throws Exception {
        try (PortFixture warmUp = PortFixture.open()) {
            warmUp.drainNonBlocking(1);
        }
        Map<String, String> before = openDescriptors();
        try (PortFixture f = PortFixture.open()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            Socket[] clients = new Socket[8];
            for (int c = 0; c < clients.length; c++) {
                clients[c] = new Socket();
                clients[c].connect(f.port.localAddress(listener), 5000);
                long socket = f.await(1).result();
                f.port.receive(socket, 10 + c);
                f.port.send(socket, new ByteBuffer[] {PortFixture.direct("x")}, 0, 1, 20 + c);
                assertEquals(1, f.await(20 + c).result());
                f.port.close(socket, 30 + c);
                assertEquals(-Errno.ECANCELED, f.await(10 + c).result());
                assertEquals(0, f.await(30 + c).result());
                clients[c].close();
            }
            f.port.connect(f.port.localAddress(listener), 40);
            long outbound = f.await(40).result();
            long inbound = f.await(1).result();
            f.closeAndAwait(outbound, 41);
            f.closeAndAwait(inbound, 42);
            f.closeListenerAndAwait(listener);
            assertEquals(1, f.port.operationsInFlight(), "only the wake-up read is left");
        }
        // Compared as (fd, target) pairs rather than a bare count: other code in this JVM (a
        // Cleaner closing some earlier test's socket) may close descriptors meanwhile, never open ours.
        Map<String, String> after = openDescriptors();
        after.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        assertEquals(Map.of(), after, "descriptors opened during the test and still open (ring, eventfd, sockets)");
    }

    /** fd number to link target (socket:[inode], anon_inode:[io_uring], ...) of every open descriptor. */
    private static Map<String, String> openDescriptors() throws IOException {
        Map<String, String> open = new HashMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.startsWith("/proc/")) {
                        // (skips the descriptor of this very directory listing)
                        open.put(fd.getFileName().toString(), target);
                    }
                } catch (IOException gone) {
                    // Closed between listing and reading the link.
                }
            }
        }
        return open;
    }
}

package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.MemoryConstants;
import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.PortRecorder;
import io.gameport.transport.SocketSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Predicate;

/**
 * An {@link IoUringPort} owned by the test thread with its {@link PortRecorder}. Skips the test
 * when io_uring cannot be used here.
 */
final class PortFixture implements AutoCloseable {

    final ErrorMetrics metrics = new ErrorMetrics();
    final IoUringBackend backend;
    final IoUringPort port;
    final PortRecorder recorder;

    private PortFixture(IoUringSettings config) throws IOException {
        IoUringBackend opened;
        try {
            opened = IoUringBackend.open(config, SocketSettings.defaults(), metrics);
        } catch (BackendUnavailableException e) {
            assumeTrue(false, e.getMessage());
            throw e;
        }
        backend = opened;
        port = (IoUringPort) backend.openPort();
        recorder = new PortRecorder(port);
    }

    static PortFixture open() throws IOException {
        return new PortFixture(IoUringSettings.defaults());
    }

    static PortFixture open(IoUringSettings config) throws IOException {
        return new PortFixture(config);
    }

    /** Polls (blocking) until a completion with {@code token} arrives; takes and returns it. */
    PortRecorder.Done await(long token) throws IOException {
        return recorder.await(token);
    }

    /** Polls (blocking) until a recorded completion matches; takes and returns it. */
    PortRecorder.Done await(Predicate<PortRecorder.Done> match, String what) throws IOException {
        return recorder.await(what, match);
    }

    /** Polls without blocking a few times and returns how many completions arrived. */
    int drainNonBlocking(int rounds) throws IOException {
        int n = 0;
        for (int i = 0; i < rounds; i++) {
            n += port.poll(recorder, false);
        }
        return n;
    }

    /** Closes a socket and waits for the close's completion. */
    void closeAndAwait(long socket, long token) throws IOException {
        port.close(socket, token);
        assertEquals(0, await(token).result());
    }

    /** Closes a listener whose accept was armed with token 1: the accept ends cancelled, then the close completes. */
    void closeListenerAndAwait(long listener) throws IOException {
        port.closeListener(listener, 99);
        assertEquals(-Errno.ECANCELED, await(1).result());
        assertEquals(0, await(99).result());
    }

    static ByteBuffer direct(String text) {
        return PortRecorder.direct(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        recorder.close();
        port.close();
        backend.close();
    }

    /**
     * Fills the process's descriptor table with eventfds, connects {@code client} to the armed
     * listener and polls until the port has met EMFILE accepting it (or gives up after 10,000
     * polls), then frees the descriptors again.
     */
    void connectWhileOutOfDescriptors(long listener, SocketChannel client, boolean block) throws IOException {
        int[] fillers = new int[1 << 16];
        int filled = 0;
        try {
            while (filled < fillers.length) {
                int fd = LibC.eventfd(0, MemoryConstants.EFD_CLOEXEC);
                if (fd < 0) {
                    assertEquals(Errno.EMFILE, Native.getLastError());
                    break;
                }
                fillers[filled++] = fd;
            }
            client.connect(port.localAddress(listener));
            for (int round = 0; round < 10_000 && metrics.count("EMFILE") == 0; round++) {
                port.poll(recorder, block);
            }
        } finally {
            for (int i = 0; i < filled; i++) {
                LibC.close(fillers[i]);
            }
        }
    }
}

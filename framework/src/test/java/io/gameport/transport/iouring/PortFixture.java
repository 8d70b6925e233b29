package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.MemoryConstants;
import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An {@link IoUringPort} owned by the test thread plus a handler that records every completion
 * (receive data copied out, since it is valid only during the callback). Skips the test when
 * io_uring cannot be used here.
 */
final class PortFixture implements AutoCloseable {

    /** One recorded completion. */
    record Done(long token, long result, int flags, byte[] data) {
    }

    final ErrorMetrics metrics = new ErrorMetrics();
    final IoUringBackend backend;
    final IoUringPort port;
    final List<Done> completions = new ArrayList<>();
    final CompletionHandler recorder = (token, result, flags, data) -> {
        byte[] copy = null;
        if (data != null) {
            copy = new byte[data.remaining()];
            data.get(data.position(), copy);
        }
        completions.add(new Done(token, result, flags, copy));
    };

    private PortFixture(IoUringConfig config) throws IOException {
        IoUringBackend opened;
        try {
            opened = IoUringBackend.open(config, SocketOptions.DEFAULTS, metrics);
        } catch (BackendUnavailableException e) {
            assumeTrue(false, e.getMessage());
            throw e;
        }
        backend = opened;
        port = (IoUringPort) backend.openPort();
    }

    static PortFixture open() throws IOException {
        return new PortFixture(IoUringConfig.DEFAULTS);
    }

    static PortFixture open(IoUringConfig config) throws IOException {
        return new PortFixture(config);
    }

    /** Polls (blocking) until a completion with {@code token} arrives; removes and returns it. */
    Done await(long token) throws IOException {
        return await(d -> d.token() == token, "token " + token);
    }

    /** Polls (blocking) until a recorded completion matches; removes and returns it. Bounded by the test's @Timeout. */
    Done await(Predicate<Done> match, String what) throws IOException {
        for (int round = 0; round < 1_000_000; round++) {
            for (int i = 0; i < completions.size(); i++) {
                if (match.test(completions.get(i))) {
                    return completions.remove(i);
                }
            }
            port.poll(recorder, true);
        }
        return fail("no completion for " + what);
    }

    /** Polls without blocking a few times and returns how many completions arrived. */
    int drainNonBlocking(int rounds) throws IOException {
        int n = 0;
        for (int i = 0; i < rounds; i++) {
            n += port.poll(recorder, false);
        }
        return n;
    }

    static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
        b.put(bytes).flip();
        return b;
    }

    @Override
    public void close() {
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

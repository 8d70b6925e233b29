package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.gameport.transport.CompletionHandler;
import io.gameport.transport.Completions;
import io.gameport.transport.PortRecorder;
import io.gameport.transport.PortRecorder.Done;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Drives an {@link IocpPort} from the IOCP-only tests: completions go to a {@link PortRecorder}
 * (this harness is a handler that forwards to it, for tests that poll themselves); listeners and
 * sockets the test got are closed at the end, which then checks that the port holds no operation
 * slot and no socket of its own.
 */
final class PortHarness implements CompletionHandler, AutoCloseable {

    private static final long LISTENER_CLOSE_TOKEN = Long.MIN_VALUE;

    final IocpPort port;
    final PortRecorder recorder;
    private final Map<Long, Long> listeners = new HashMap<>();
    private final Set<Long> sockets = new LinkedHashSet<>();

    PortHarness(IocpPort port) {
        this.port = port;
        this.recorder = new PortRecorder(port);
    }

    /** Listens on {@code address} and arms accept with {@code acceptToken}; {@link #close()} closes it cleanly. */
    long listen(InetSocketAddress address, long acceptToken) throws IOException {
        long listener = port.listen(address, 64);
        port.accept(listener, acceptToken);
        listeners.put(listener, acceptToken);
        return listener;
    }

    /** A socket the test got from the port; {@link #close()} closes it unless the test did. */
    void track(long socket) {
        sockets.add(socket);
    }

    /** Closes a socket through the port (the close's completion is the test's to await). */
    void closeSocket(long socket, long token) {
        sockets.remove(socket);
        port.close(socket, token);
    }

    /** Closes a listener from {@link #listen} and waits until its accept ended (995) and the close completed. */
    void closeListener(long listener) throws IOException {
        long acceptToken = listeners.remove(listener);
        port.closeListener(listener, LISTENER_CLOSE_TOKEN);
        Done ended = await("end of accept " + acceptToken, c -> c.token() == acceptToken && !c.more());
        assertEquals(Completions.failure(995), ended.result(), "the accept ends as aborted");
        assertEquals(0L, await(LISTENER_CLOSE_TOKEN).result());
    }

    @Override
    public void onCompletion(long token, long result, int flags, ByteBuffer data) {
        recorder.onCompletion(token, result, flags, data);
    }

    /** Completions delivered and not yet awaited, in delivery order. */
    List<Done> completions() {
        return recorder.unclaimed();
    }

    Done await(String what, Predicate<Done> match) throws IOException {
        return recorder.await(what, match);
    }

    Done await(long token) throws IOException {
        return recorder.await(token);
    }

    /** Collects receive data of {@code token} until {@code bytes} bytes arrived; every chunk must keep the receive armed. */
    byte[] receiveExactly(long token, int bytes) throws IOException {
        byte[] all = new byte[bytes];
        int filled = 0;
        while (filled < bytes) {
            Done c = await(token);
            if (c.failed() || c.result() == 0 || !c.more()) {
                fail("receive ended after " + filled + " of " + bytes + " bytes: " + c);
            }
            System.arraycopy(c.data(), 0, all, filled, c.data().length);
            filled += c.data().length;
        }
        return all;
    }

    /** Polls without blocking a few times and returns whatever arrived (for asserting that nothing more comes). */
    List<Done> pollQuietly(int rounds) throws IOException {
        return recorder.pollQuietly(rounds);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the port's operations", e);
        }
    }

    /** Closes the listeners still open, so each test also proves its accept pool winds down. */
    @Override
    public void close() throws IOException {
        try {
            for (long listener : new ArrayList<>(listeners.keySet())) {
                closeListener(listener);
            }
            long token = LISTENER_CLOSE_TOKEN + 1;
            for (long socket : sockets) {
                port.close(socket, token++);
            }
            sockets.clear();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PortRecorder.DEADLINE_MS);
            while (port.operationsInFlight() > 0 && System.nanoTime() - deadline < 0) {
                port.poll(this, false);
                sleepBriefly();
            }
            assertEquals(0, port.operationsInFlight(), "every operation completed after its socket was closed");
            assertEquals(0, port.ownedSocketsOpen(), "every port-owned socket was closed");
        } finally {
            recorder.close();
        }
    }
}

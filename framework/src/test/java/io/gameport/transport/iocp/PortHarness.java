package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.gameport.transport.CompletionHandler;
import io.gameport.transport.Completions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Drives an {@link IocpPort} from a test: records every completion (copying receive data, which is
 * only valid during the callback) and polls until an expected completion arrives or a deadline
 * passes. Blocking polls are used, as a worker would; a daemon thread calls {@link IocpPort#wakeup()}
 * every 50 ms so that a missing completion fails the test at its deadline instead of hanging it.
 */
final class PortHarness implements CompletionHandler, AutoCloseable {

    record Completion(long token, long result, int flags, byte[] data) {
        boolean more() {
            return Completions.more(flags);
        }

        boolean failed() {
            return Completions.isError(result);
        }

        int errorCode() {
            return Completions.errorCode(result);
        }
    }

    static final long DEADLINE_MS = 15_000;
    private static final long LISTENER_CLOSE_TOKEN = Long.MIN_VALUE;

    final IocpPort port;
    final List<Completion> completions = new ArrayList<>();
    private final ScheduledExecutorService waker;
    private final Map<Long, Long> listeners = new HashMap<>();
    private final Set<Long> sockets = new LinkedHashSet<>();

    PortHarness(IocpPort port) {
        this.port = port;
        this.waker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iocp-test-waker");
            t.setDaemon(true);
            return t;
        });
        waker.scheduleAtFixedRate(port::wakeup, 50, 50, TimeUnit.MILLISECONDS);
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
        Completion ended = await("end of accept " + acceptToken, c -> c.token() == acceptToken && !c.more());
        assertEquals(Completions.failure(995), ended.result(), "the accept ends as aborted");
        assertEquals(0L, await(LISTENER_CLOSE_TOKEN).result());
    }

    @Override
    public void onCompletion(long token, long result, int flags, ByteBuffer data) {
        byte[] copy = null;
        if (data != null) {
            copy = new byte[data.remaining()];
            data.get(copy);
        }
        completions.add(new Completion(token, result, flags, copy));
    }

    /** Polls until a not-yet-taken completion matching {@code match} arrives; removes and returns it. */
    Completion await(String what, Predicate<Completion> match) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (true) {
            for (int i = 0; i < completions.size(); i++) {
                if (match.test(completions.get(i))) {
                    return completions.remove(i);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no completion for " + what + " within " + DEADLINE_MS + " ms; seen: " + completions);
            }
            port.poll(this, true);
        }
    }

    Completion await(long token) throws IOException {
        return await("token " + token, c -> c.token() == token);
    }

    /** Collects receive data of {@code token} until {@code bytes} bytes arrived; every chunk must keep the receive armed. */
    byte[] receiveExactly(long token, int bytes) throws IOException {
        byte[] all = new byte[bytes];
        int filled = 0;
        while (filled < bytes) {
            Completion c = await(token);
            if (c.failed() || c.result() == 0 || !c.more()) {
                fail("receive ended after " + filled + " of " + bytes + " bytes: " + c);
            }
            System.arraycopy(c.data(), 0, all, filled, c.data().length);
            filled += c.data().length;
        }
        return all;
    }

    /** Polls without blocking a few times and returns whatever arrived (for asserting that nothing more comes). */
    List<Completion> pollQuietly(int rounds) throws IOException {
        for (int i = 0; i < rounds; i++) {
            port.poll(this, false);
        }
        List<Completion> rest = new ArrayList<>(completions);
        completions.clear();
        return rest;
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
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            while (port.operationsInFlight() > 0 && System.nanoTime() - deadline < 0) {
                port.poll(this, true);
            }
            assertEquals(0, port.operationsInFlight(), "every operation completed after its socket was closed");
            assertEquals(0, port.ownedSocketsOpen(), "every port-owned socket was closed");
        } finally {
            waker.shutdownNow();
        }
    }
}

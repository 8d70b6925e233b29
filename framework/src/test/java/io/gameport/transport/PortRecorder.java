package io.gameport.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The one completion recorder of the port tests: keeps every completion a {@link CompletionPort}
 * delivers (receive data copied out, since it is valid only during the callback), in delivery
 * order, and polls the port as its worker would until an expected one arrives.
 *
 * <p>Waiting uses blocking polls. So that a completion that never comes fails the test at a
 * deadline instead of hanging it in the kernel, a daemon thread calls {@link CompletionPort#wakeup()}
 * every 50 ms, but only while an {@code await} is polling: a test of wake-ups polls the port itself
 * and sees no wake-up of this recorder's.
 */
public final class PortRecorder implements CompletionHandler, AutoCloseable {

    /** One delivered completion. */
    public record Done(long token, long result, int flags, byte[] data) {

        public boolean more() {
            return Completions.more(flags);
        }

        public boolean failed() {
            return Completions.isError(result);
        }

        public int errorCode() {
            return Completions.errorCode(result);
        }
    }

    /** How long an await polls before it fails the test. */
    public static final long DEADLINE_MS = 15_000;

    private final CompletionPort port;
    private final List<Done> delivered = new ArrayList<>();
    private final List<Done> unclaimed = new ArrayList<>();
    private final ScheduledExecutorService waker;
    private volatile boolean awaiting;

    /** Records the completions of {@code port}; the caller polls on the port's owner thread. */
    public PortRecorder(CompletionPort port) {
        this.port = port;
        this.waker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "port-recorder-waker");
            t.setDaemon(true);
            return t;
        });
        waker.scheduleAtFixedRate(() -> {
            if (awaiting) {
                port.wakeup();
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onCompletion(long token, long result, int flags, ByteBuffer data) {
        byte[] copy = null;
        if (data != null) {
            copy = new byte[data.remaining()];
            data.get(data.position(), copy);
        }
        Done done = new Done(token, result, flags, copy);
        delivered.add(done);
        unclaimed.add(done);
    }

    /** Every completion delivered so far, in delivery order (awaited ones included). */
    public List<Done> delivered() {
        return List.copyOf(delivered);
    }

    /** Completions delivered but not yet taken by an await, in delivery order. */
    public List<Done> unclaimed() {
        return List.copyOf(unclaimed);
    }

    /** Polls until the completion with {@code token} arrives; takes and returns it. */
    public Done await(long token) throws IOException {
        return await("token " + token, d -> d.token() == token);
    }

    /** Polls until a completion matching {@code match} arrives (the earliest such); takes and returns it. */
    public Done await(String what, Predicate<Done> match) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        awaiting = true;
        try {
            while (true) {
                for (int i = 0; i < unclaimed.size(); i++) {
                    if (match.test(unclaimed.get(i))) {
                        return unclaimed.remove(i);
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    return fail("no completion for " + what + " within " + DEADLINE_MS + " ms; unclaimed: " + unclaimed);
                }
                port.poll(this, true);
            }
        } finally {
            awaiting = false;
        }
    }

    /**
     * Collects {@code bytes} bytes of receive data for {@code token} on {@code socket}, failing if
     * the receive ends first. A completion that ends the receive with data (a one-shot backend) is
     * followed by re-arming it, as a connection does; an armed one is left armed.
     */
    public byte[] receiveExactly(long socket, long token, int bytes) throws IOException {
        byte[] all = new byte[bytes];
        int filled = 0;
        while (filled < bytes) {
            Done d = await(token);
            if (d.failed() || d.result() == 0) {
                fail("receive ended after " + filled + " of " + bytes + " bytes: " + d);
            }
            if (filled + d.data().length > bytes) {
                fail("received " + (filled + d.data().length) + " bytes, more than the " + bytes + " expected");
            }
            System.arraycopy(d.data(), 0, all, filled, d.data().length);
            filled += d.data().length;
            if (!d.more()) {
                port.receive(socket, token);
            }
        }
        return all;
    }

    /** Polls without blocking {@code rounds} times; returns and takes every unclaimed completion. */
    public List<Done> pollQuietly(int rounds) throws IOException {
        for (int i = 0; i < rounds; i++) {
            port.poll(this, false);
        }
        List<Done> rest = List.copyOf(unclaimed);
        unclaimed.clear();
        return rest;
    }

    /** A direct buffer holding {@code bytes} from position 0 (send buffers must be direct). */
    public static ByteBuffer direct(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
        b.put(bytes).flip();
        return b;
    }

    @Override
    public void close() {
        waker.shutdownNow();
    }
}

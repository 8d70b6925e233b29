package io.gameport.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A fault-injecting TCP proxy for tests and the sample's chaos soak: <b>a testing tool, never on
 * the production path</b>. It listens on a loopback port; for each client it accepts it connects
 * to the upstream server and forwards bytes both ways, and it injects faults into single
 * connections on command ({@link #reset}, {@link #blackHole}, {@link #delay}, {@link #cut}, or all
 * live connections at once) and, when given a {@link FaultSchedule}, on a seeded schedule.
 *
 * <p>One thread (a {@link Selector} loop) carries every connection, so 2,000 connections cost one
 * thread and {@code 2 * FaultProxySettings.bufferBytesPerDirection} bytes each. The methods here may
 * be called from any thread: each queues a command the loop runs and returns a future completed
 * by the loop. {@link #close} resets every connection, closes each socket exactly once and ends the
 * thread.
 */
public final class FaultProxy implements AutoCloseable {

    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final ProxyLoop loop;
    private final Thread thread;
    private final InetSocketAddress address;

    private FaultProxy(ProxyLoop loop, Thread thread, InetSocketAddress address) {
        this.loop = loop;
        this.thread = thread;
        this.address = address;
    }

    /** A proxy on an ephemeral loopback port in front of {@code upstream}, faults on command only. */
    public static FaultProxy start(InetSocketAddress upstream) throws IOException {
        return start(upstream, FaultProxySettings.defaults(), null);
    }

    /**
     * A proxy on an ephemeral loopback port in front of {@code upstream}.
     *
     * @param schedule the seeded fault schedule, or null for faults on command only
     */
    public static FaultProxy start(InetSocketAddress upstream, FaultProxySettings settings, FaultSchedule schedule)
            throws IOException {
        if (upstream == null || upstream.isUnresolved()) {
            throw new IllegalArgumentException("FaultProxy needs a resolved upstream address, was " + upstream);
        }
        if (settings == null) {
            throw new IllegalArgumentException("FaultProxy settings must be set, was null");
        }
        Selector selector = Selector.open();
        ServerSocketChannel listener;
        try {
            listener = ServerSocketChannel.open();
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        ProxyLoop loop;
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            loop = new ProxyLoop(selector, listener, upstream, settings, schedule);
        } catch (IOException | RuntimeException e) {
            listener.close();
            selector.close();
            throw e;
        }
        InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
        Thread thread = new Thread(loop, "gameport-fault-proxy-" + address.getPort());
        thread.setDaemon(true);
        thread.start();
        return new FaultProxy(loop, thread, address);
    }

    /** Where clients connect to be proxied. */
    public InetSocketAddress address() {
        return address;
    }

    /** The live connections, oldest first. */
    public List<ProxiedConnection> connections() {
        return await(call(loop -> {
            List<ProxiedConnection> list = new ArrayList<>();
            for (Link link : loop.links()) {
                list.add(link.snapshot());
            }
            list.sort(Comparator.comparingLong(ProxiedConnection::id));
            return list;
        }));
    }

    /** Resets connection {@code id} at both ends; completes with false when it is not live. */
    public CompletableFuture<Boolean> reset(long id) {
        return onLink(id, new PlannedFault(0, FaultKind.RESET, Direction.CLIENT_TO_SERVER, 0, 0, 0));
    }

    /** Stops forwarding on connection {@code id} in both directions, closing nothing. */
    public CompletableFuture<Boolean> blackHole(long id) {
        return onLink(id, new PlannedFault(0, FaultKind.BLACK_HOLE, Direction.CLIENT_TO_SERVER, 0, 0, 0));
    }

    /** Adds {@code latency} to both directions of connection {@code id} until changed ({@link Duration#ZERO} removes it). */
    public CompletableFuture<Boolean> delay(long id, Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("delay latency must be >= 0, was " + latency);
        }
        return onLink(id, new PlannedFault(0, FaultKind.DELAY, Direction.CLIENT_TO_SERVER, 0,
                latency.toMillis(), Long.MAX_VALUE));
    }

    /**
     * Lets {@code direction} of connection {@code id} forward {@code bytes} more bytes (counted
     * from what it has forwarded when the command runs), then resets both ends.
     */
    public CompletableFuture<Boolean> cut(long id, Direction direction, int bytes) {
        if (direction == null || bytes < 0) {
            throw new IllegalArgumentException("cut needs a direction and bytes >= 0, was " + direction + ", " + bytes);
        }
        return onLink(id, new PlannedFault(0, FaultKind.CUT, direction, bytes, 0, 0));
    }

    /**
     * Arms a cut on the next connection the proxy accepts: {@code direction} forwards its first
     * {@code bytes} bytes, then both ends are reset. For faults a test must place before a client's
     * first bytes (a connection lost in its first exchange). Several calls arm the next connections
     * in turn. Completes once armed.
     */
    public CompletableFuture<Boolean> cutNext(Direction direction, int bytes) {
        if (direction == null || bytes < 0) {
            throw new IllegalArgumentException("cutNext needs a direction and bytes >= 0, was " + direction + ", " + bytes);
        }
        PlannedFault cut = new PlannedFault(0, FaultKind.CUT, direction, bytes, 0, 0);
        return call(loop -> {
            loop.armNext(cut);
            return true;
        });
    }

    /**
     * Black-holes the next connection the proxy accepts before it forwards anything (a reconnect
     * that finds the path still dead). Several calls arm the next connections in turn, in order with
     * {@link #cutNext}. Completes once armed.
     */
    public CompletableFuture<Boolean> blackHoleNext() {
        PlannedFault blackHole = new PlannedFault(0, FaultKind.BLACK_HOLE, Direction.CLIENT_TO_SERVER, 0, 0, 0);
        return call(loop -> {
            loop.armNext(blackHole);
            return true;
        });
    }

    /**
     * Adds {@code latency} to both directions of the next connection the proxy accepts, from its
     * first byte, for {@code lasting}: a path that is slow only while a connection opens (its TLS
     * handshake takes round trips the traffic after it does not). In order with {@link #cutNext}
     * and {@link #blackHoleNext}. Completes once armed.
     */
    public CompletableFuture<Boolean> delayNext(Duration latency, Duration lasting) {
        if (latency == null || latency.isNegative() || lasting == null || lasting.isNegative() || lasting.isZero()) {
            throw new IllegalArgumentException("delayNext needs latency >= 0 and lasting > 0, was " + latency + ", " + lasting);
        }
        PlannedFault delay = new PlannedFault(0, FaultKind.DELAY, Direction.CLIENT_TO_SERVER, 0,
                latency.toMillis(), lasting.toMillis());
        return call(loop -> {
            loop.armNext(delay);
            return true;
        });
    }

    /** Resets every live connection; completes with how many. */
    public CompletableFuture<Integer> resetAll() {
        return onEveryLink(new PlannedFault(0, FaultKind.RESET, Direction.CLIENT_TO_SERVER, 0, 0, 0));
    }

    /** Black-holes every live connection; completes with how many. */
    public CompletableFuture<Integer> blackHoleAll() {
        return onEveryLink(new PlannedFault(0, FaultKind.BLACK_HOLE, Direction.CLIENT_TO_SERVER, 0, 0, 0));
    }

    /** Counters of faults injected and connections handled, read at any time from any thread. */
    public FaultCounts counts() {
        return new FaultCounts(loop.counters.get(FaultKind.RESET.ordinal()),
                loop.counters.get(FaultKind.BLACK_HOLE.ordinal()),
                loop.counters.get(FaultKind.DELAY.ordinal()),
                loop.counters.get(FaultKind.CUT.ordinal()),
                loop.counters.get(ProxyLoop.ACCEPTED),
                loop.counters.get(ProxyLoop.UPSTREAM_FAILURES),
                loop.counters.get(ProxyLoop.REFUSED_OVER_CAP),
                loop.counters.get(ProxyLoop.BLACK_HOLES_RELEASED));
    }

    /** Sockets the proxy has open (its listener included); 0 once {@link #close} has returned. */
    public int openSockets() {
        return loop.openSockets.get();
    }

    /** Resets every connection, closes the listener and every socket once, and ends the loop thread. */
    @Override
    public void close() {
        loop.stop();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the fault proxy", e);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the fault proxy's thread did not end within " + CALL_TIMEOUT_SECONDS + " s");
        }
    }

    /** Runs {@code work} on the proxy's loop thread and returns its result; for the package's tests. */
    <T> T onLoop(Function<ProxyLoop, T> work) {
        return await(call(work));
    }

    private CompletableFuture<Boolean> onLink(long id, PlannedFault fault) {
        return call(loop -> {
            Link link = loop.link(id);
            if (link == null) {
                return false;
            }
            loop.inject(link, fault, System.nanoTime());
            return true;
        });
    }

    private CompletableFuture<Integer> onEveryLink(PlannedFault fault) {
        return call(loop -> {
            int count = 0;
            long now = System.nanoTime();
            for (Link link : loop.links()) {
                if (!link.closed) {
                    loop.inject(link, fault, now);
                    count++;
                }
            }
            return count;
        });
    }

    private <T> CompletableFuture<T> call(Function<ProxyLoop, T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = loop.submit(() -> {
            try {
                result.complete(work.apply(loop));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            result.completeExceptionally(new IllegalStateException("the fault proxy is closed"));
        }
        return result;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the fault proxy", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("fault proxy command failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the fault proxy did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }
}

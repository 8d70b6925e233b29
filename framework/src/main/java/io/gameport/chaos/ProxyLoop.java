package io.gameport.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's one thread: a selector over the listener and both sockets of every connection, the
 * timers of latency, schedules and black-hole holds, and the commands other threads queue. One
 * thread carries thousands of connections without a thread each, and owns all their state, so
 * nothing here takes a lock. Other threads reach it only through {@link #submit}.
 */
final class ProxyLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyLoop.class);
    private static final int ACCEPTS_PER_WAKE = 64;
    private static final int COMMANDS_PER_WAKE = 256;
    /** Pipe buffers kept from closed connections for the next ones, so reconnect churn allocates no direct memory. */
    private static final int MAX_SPARE_BUFFERS = 256;

    /** Indices into {@link #counters}: the fault kinds by ordinal, then these. */
    static final int ACCEPTED = FaultKind.values().length;
    static final int UPSTREAM_FAILURES = ACCEPTED + 1;
    static final int REFUSED_OVER_CAP = ACCEPTED + 2;
    static final int BLACK_HOLES_RELEASED = ACCEPTED + 3;

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final InetSocketAddress upstream;
    private final FaultProxySettings settings;
    private final FaultSchedule schedule;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<Long, Link> links = new HashMap<>();
    private final PriorityQueue<Wake> wakes = new PriorityQueue<>();
    private final ArrayDeque<ByteBuffer> spareBuffers = new ArrayDeque<>();
    final AtomicLongArray counters = new AtomicLongArray(BLACK_HOLES_RELEASED + 1);
    /** Sockets opened and not yet closed, listener included: 0 after a clean shutdown. */
    final AtomicInteger openSockets = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean terminated;
    private long nextId = 1;
    /** Faults to arm on the next accepted connections (cuts, black holes), in order; the loop thread only. */
    private final ArrayDeque<PlannedFault> faultsForNext = new ArrayDeque<>();
    private long nextOrdinal;

    /**
     * A timer for a link, by id: a closed link leaves the map at once, and a wake-up may be due a
     * minute later (its next planned fault), so holding the link itself would keep its sockets and
     * pipes reachable that long, and with reconnect churn the proxy's heap would grow with it.
     */
    private record Wake(long dueNanos, long linkId) implements Comparable<Wake> {
        @Override
        public int compareTo(Wake other) {
            return Long.compare(dueNanos - other.dueNanos, 0);
        }
    }

    ProxyLoop(Selector selector, ServerSocketChannel listener, InetSocketAddress upstream,
              FaultProxySettings settings, FaultSchedule schedule) throws IOException {
        this.selector = selector;
        this.listener = listener;
        this.upstream = upstream;
        this.settings = settings;
        this.schedule = schedule;
        openSockets.incrementAndGet();
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT, this);
    }

    /** Runs {@code command} on the loop thread; false when the loop has ended and will run nothing more. */
    boolean submit(Runnable command) {
        if (terminated) {
            return false;
        }
        commands.add(command);
        selector.wakeup();
        if (terminated) {
            // the loop ended between the check and the add: run what it left, as its last drain does
            drainAfterTermination();
        }
        return true;
    }

    /** After the loop has ended no link is left, so a late command only completes its future. */
    private synchronized void drainAfterTermination() {
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
        }
    }

    boolean terminated() {
        return terminated;
    }

    void stop() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                long timeoutMillis = 0;
                Wake first = wakes.peek();
                if (first != null) {
                    long waitNanos = first.dueNanos - System.nanoTime();
                    timeoutMillis = Math.max(1, (waitNanos + 999_999) / 1_000_000);
                }
                selector.select(timeoutMillis);
                runCommands();
                Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
                while (selected.hasNext()) {
                    SelectionKey key = selected.next();
                    selected.remove();
                    onReady(key);
                }
                fireWakes(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("fault proxy loop failed; resetting every proxied connection", e);
        } finally {
            shutDown();
        }
    }

    /** Every link reset, the listener and the selector closed, then commands still queued told it is over. */
    private void shutDown() {
        for (Link link : new ArrayList<>(links.values())) {
            close(link, true);
        }
        closeQuietly(listener);
        try {
            // closing the selector deregisters the keys, which is when closed channels release their sockets
            selector.close();
        } catch (IOException e) {
            LOG.warn("fault proxy: closing the selector failed", e);
        }
        terminated = true;
        drainAfterTermination();
    }

    private void runCommands() {
        Runnable command;
        for (int i = 0; i < COMMANDS_PER_WAKE && (command = commands.poll()) != null; i++) {
            command.run();
        }
        if (!commands.isEmpty()) {
            selector.wakeup();
        }
    }

    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() == this) {
            acceptSome();
            return;
        }
        Link link = (Link) key.attachment();
        if (link.closed) {
            return;
        }
        long now = System.nanoTime();
        try {
            if (key.isConnectable()) {
                finishConnect(link, now);
                return;
            }
            boolean fromClient = key.channel() == link.client;
            Pipe inbound = fromClient ? link.toServer : link.toClient;
            if (key.isReadable() && inbound.canRead()) {
                inbound.readFrom(fromClient ? link.client : link.server, now, link.latencyNanos(now));
            }
        } catch (IOException e) {
            // a reset or error on one end: the other end sees a reset too, as it would across a broken path
            close(link, true);
            return;
        }
        pump(link, now);
    }

    private void acceptSome() {
        for (int i = 0; i < ACCEPTS_PER_WAKE; i++) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                LOG.warn("fault proxy: accept failed", e);
                return;
            }
            if (client == null) {
                return;
            }
            openSockets.incrementAndGet();
            if (links.size() >= settings.maxConnections()) {
                counters.incrementAndGet(REFUSED_OVER_CAP);
                reset(client);
                continue;
            }
            open(client);
        }
    }

    private void open(SocketChannel client) {
        SocketChannel server;
        try {
            server = SocketChannel.open();
        } catch (IOException e) {
            counters.incrementAndGet(UPSTREAM_FAILURES);
            reset(client);
            return;
        }
        openSockets.incrementAndGet();
        long now = System.nanoTime();
        Link link = new Link(nextId++, nextOrdinal++, client, server, pipeBuffer(), pipeBuffer());
        links.put(link.id, link);
        counters.incrementAndGet(ACCEPTED);
        if (schedule != null) {
            link.plan = schedule.planFor(link.ordinal);
            link.nextFault = link.plan.next();
            link.nextFaultAtNanos = now + link.nextFault.afterNanos();
            requestWake(link, link.nextFaultAtNanos);
        }
        PlannedFault armed = faultsForNext.poll();
        if (armed != null && armed.kind() == FaultKind.CUT) {
            link.pipe(armed.direction()).cutAfter(armed.cutAfterBytes());
        } else if (armed != null) {
            // Injected by the link's first timer, before anything is forwarded: its upstream connect
            // needs a selector round of its own first.
            link.nextFault = armed;
            link.nextFaultAtNanos = now;
            requestWake(link, now);
        }
        try {
            client.configureBlocking(false);
            server.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            link.clientKey = client.register(selector, 0, link);
            link.serverKey = server.register(selector, SelectionKey.OP_CONNECT, link);
            if (server.connect(upstream)) {
                finishConnect(link, now);
            }
        } catch (IOException e) {
            counters.incrementAndGet(UPSTREAM_FAILURES);
            close(link, true);
        }
    }

    private void finishConnect(Link link, long now) throws IOException {
        try {
            if (!link.server.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            counters.incrementAndGet(UPSTREAM_FAILURES);
            throw e;
        }
        link.server.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (link.state == ProxiedConnection.State.CONNECTING) {
            link.state = ProxiedConnection.State.FORWARDING;
        }
        pump(link, now);
    }

    /**
     * Writes what each direction may send now, applies a reached cut, passes on half-closes, closes
     * a connection both ends have finished, and sets the interest and wake-up for what is left.
     */
    private void pump(Link link, long now) {
        if (link.closed || link.state != ProxiedConnection.State.FORWARDING) {
            return;
        }
        try {
            link.toServer.writeTo(link.server, now);
            link.toClient.writeTo(link.client, now);
            if (link.toServer.cutReached() || link.toClient.cutReached()) {
                counters.incrementAndGet(FaultKind.CUT.ordinal());
                close(link, true);
                return;
            }
            shutWhenDrained(link.toServer, link.server);
            shutWhenDrained(link.toClient, link.client);
        } catch (IOException e) {
            close(link, true);
            return;
        }
        if (link.toServer.drainedAfterEnd() && link.toClient.drainedAfterEnd()) {
            close(link, false);
            return;
        }
        link.clientKey.interestOps(interest(link.toServer, link.toClient, now));
        link.serverKey.interestOps(interest(link.toClient, link.toServer, now));
        long wake = Math.min(Math.min(link.toServer.nextReleaseNanos(), link.toClient.nextReleaseNanos()),
                Math.min(link.nextFaultAtNanos, link.latencyUntilNanos));
        if (wake != Long.MAX_VALUE) {
            requestWake(link, wake);
        }
    }

    /** A socket reads while its outbound pipe has room, and waits to write while its inbound pipe has bytes due but the socket is full. */
    private static int interest(Pipe outbound, Pipe inbound, long now) {
        int ops = 0;
        if (outbound.canRead()) {
            ops |= SelectionKey.OP_READ;
        }
        if (inbound.writable(now) > 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    private static void shutWhenDrained(Pipe pipe, SocketChannel destination) throws IOException {
        if (pipe.drainedAfterEnd() && !pipe.destinationShut()) {
            pipe.markDestinationShut();
            destination.shutdownOutput();
        }
    }

    private void requestWake(Link link, long dueNanos) {
        if (dueNanos - link.queuedWakeNanos < 0 || link.queuedWakeNanos == Long.MAX_VALUE) {
            link.queuedWakeNanos = dueNanos;
            wakes.add(new Wake(dueNanos, link.id));
        }
    }

    private void fireWakes(long now) {
        Wake wake;
        while ((wake = wakes.peek()) != null && wake.dueNanos - now <= 0) {
            wakes.poll();
            Link link = links.get(wake.linkId);
            if (link == null) {
                continue; // closed since
            }
            if (link.queuedWakeNanos == wake.dueNanos) {
                link.queuedWakeNanos = Long.MAX_VALUE;
            }
            onTimer(link, now);
        }
    }

    private void onTimer(Link link, long now) {
        if (link.state == ProxiedConnection.State.BLACK_HOLED) {
            if (link.blackHoleReleaseAtNanos - now <= 0) {
                counters.incrementAndGet(BLACK_HOLES_RELEASED);
                close(link, true);
            } else {
                requestWake(link, link.blackHoleReleaseAtNanos);
            }
            return;
        }
        link.latencyNanos(now); // ends a latency whose time is up
        if (link.nextFault != null && link.nextFaultAtNanos - now <= 0) {
            PlannedFault fault = link.nextFault;
            if (fault.kind() == FaultKind.DELAY && link.plan != null) {
                link.nextFault = link.plan.next();
                link.nextFaultAtNanos = now + link.nextFault.afterNanos();
            } else {
                link.nextFault = null;
                link.nextFaultAtNanos = Long.MAX_VALUE;
            }
            inject(link, fault, now);
            if (link.closed || link.state == ProxiedConnection.State.BLACK_HOLED) {
                return;
            }
        }
        pump(link, now);
        if (link.state == ProxiedConnection.State.CONNECTING && link.nextFaultAtNanos != Long.MAX_VALUE) {
            requestWake(link, link.nextFaultAtNanos);
        }
    }

    /** Injects {@code fault} into {@code link}; the loop thread only. */
    void inject(Link link, PlannedFault fault, long now) {
        switch (fault.kind()) {
            case RESET:
                counters.incrementAndGet(FaultKind.RESET.ordinal());
                close(link, true);
                break;
            case BLACK_HOLE:
                counters.incrementAndGet(FaultKind.BLACK_HOLE.ordinal());
                link.state = ProxiedConnection.State.BLACK_HOLED;
                link.nextFault = null;
                link.nextFaultAtNanos = Long.MAX_VALUE;
                link.blackHoleReleaseAtNanos = now + settings.blackHoleHoldMillis() * 1_000_000L;
                link.clientKey.interestOps(0);
                link.serverKey.interestOps(0);
                requestWake(link, link.blackHoleReleaseAtNanos);
                break;
            case DELAY:
                if (fault.delayMillis() > 0) {
                    counters.incrementAndGet(FaultKind.DELAY.ordinal());
                }
                link.latencyNanos = fault.delayMillis() * 1_000_000L;
                link.latencyUntilNanos = fault.delayLastsMillis() == Long.MAX_VALUE || fault.delayMillis() == 0
                        ? Long.MAX_VALUE : now + fault.delayLastsMillis() * 1_000_000L;
                pump(link, now);
                break;
            case CUT:
                link.pipe(fault.direction()).cutAfter(fault.cutAfterBytes());
                link.nextFault = null;
                link.nextFaultAtNanos = Long.MAX_VALUE;
                pump(link, now);
                break;
            default:
                throw new IllegalArgumentException("unknown fault kind " + fault.kind());
        }
    }

    /** The next connection accepted gets {@code fault} armed from its first byte. The loop thread only. */
    void armNext(PlannedFault fault) {
        faultsForNext.add(fault);
    }

    Link link(long id) {
        return links.get(id);
    }

    List<Link> links() {
        return new ArrayList<>(links.values());
    }

    /** Closes both sockets of {@code link} exactly once: with a reset ({@code SO_LINGER 0}) or an orderly close. */
    void close(Link link, boolean reset) {
        if (link.closed) {
            return;
        }
        link.closed = true;
        links.remove(link.id);
        keepSpare(link.toServer.release());
        keepSpare(link.toClient.release());
        if (reset) {
            reset(link.client);
            reset(link.server);
        } else {
            closeQuietly(link.client);
            closeQuietly(link.server);
        }
    }

    private ByteBuffer pipeBuffer() {
        ByteBuffer spare = spareBuffers.poll();
        return spare != null ? spare : ByteBuffer.allocateDirect(settings.bufferBytesPerDirection());
    }

    private void keepSpare(ByteBuffer buffer) {
        if (spareBuffers.size() < MAX_SPARE_BUFFERS) {
            spareBuffers.add(buffer);
        }
    }

    /** SO_LINGER 0 then close: the kernel sends RST and drops what was unsent. */
    private void reset(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // not connected (any more): a plain close is all there is to do
        }
        closeQuietly(channel);
    }

    private void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("fault proxy: close failed", e);
        } finally {
            openSockets.decrementAndGet();
        }
    }
}

package io.gameport.transport.nio2;

import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketSettings;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portable fallback backend over Java's NIO2 asynchronous channels, for hosts without
 * io_uring or IOCP bindings (macOS, kernels or containers with io_uring disabled).
 *
 * <p>Owns what its ports share: one {@link AsynchronousChannelGroup} on a small fixed pool of
 * daemon threads (named {@code gameport-nio2-<n>-io-<i>}) that run NIO2's completion handlers, and
 * the {@link Nio2HandleTable} through which a socket accepted on one port can be adopted by another.
 * Failures are reported as errno values ({@link ErrorSpace#ERRNO}) mapped by {@link Nio2Errors}.
 *
 * <p>Thread contract: as {@link CompletionBackend}; {@link #close()} closes channels still
 * registered, shuts the group down and waits (bounded) for its threads to end.
 */
public final class Nio2Backend implements CompletionBackend {

    /** Bytes of one receive buffer, lent to a socket while its receive is pending. */
    public static final int DEFAULT_READ_BUFFER_BYTES = 16 * 1024;
    /** Returned receive buffers each port keeps for reuse; more are left to the GC. */
    public static final int DEFAULT_IDLE_READ_BUFFERS_PER_PORT = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Nio2Backend.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long SHUTDOWN_WAIT_MS = 5_000;

    private final SocketSettings options;
    private final ErrorMetrics metrics;
    private final int readBufferBytes;
    private final String threadNamePrefix;
    private final List<Thread> groupThreads = new CopyOnWriteArrayList<>();
    private final AsynchronousChannelGroup group;
    private final Nio2HandleTable handles = new Nio2HandleTable();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A backend with {@link #DEFAULT_READ_BUFFER_BYTES} and two group threads (one on a single core). */
    public Nio2Backend(SocketSettings options, ErrorMetrics metrics) throws BackendUnavailableException {
        this(options, metrics, DEFAULT_READ_BUFFER_BYTES, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public Nio2Backend(SocketSettings options, ErrorMetrics metrics, int readBufferBytes, int groupThreadCount)
            throws BackendUnavailableException {
        if (readBufferBytes <= 0 || groupThreadCount <= 0) {
            throw new IllegalArgumentException("readBufferBytes and groupThreadCount must be > 0: "
                    + readBufferBytes + ", " + groupThreadCount);
        }
        this.options = options;
        this.metrics = metrics;
        this.readBufferBytes = readBufferBytes;
        this.threadNamePrefix = "gameport-nio2-" + INSTANCES.incrementAndGet() + "-io-";
        try {
            this.group = AsynchronousChannelGroup.withFixedThreadPool(groupThreadCount, threadFactory());
        } catch (IOException e) {
            throw new BackendUnavailableException("nio2: cannot create an asynchronous channel group: " + e.getMessage(), e);
        }
    }

    /** The options every socket of this backend gets. */
    public SocketSettings options() {
        return options;
    }

    @Override
    public String name() {
        return "nio2";
    }

    @Override
    public ErrorSpace errorSpace() {
        return ErrorSpace.ERRNO;
    }

    @Override
    public CompletionPort openPort() throws IOException {
        if (closed.get()) {
            throw new IOException("nio2 backend is closed");
        }
        return new Nio2Port(this, handles, new Nio2ReadBufferPool(readBufferBytes, DEFAULT_IDLE_READ_BUFFERS_PER_PORT));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Nio2Channel> leftovers = handles.removeAll();
        if (!leftovers.isEmpty()) {
            LOG.warn("nio2 backend closing with {} channels still open; closing them", leftovers.size());
        }
        for (Nio2Channel channel : leftovers) {
            try {
                channel.closeChannel();
            } catch (IOException e) {
                recordFailure(e, "close of nio2 handle " + channel.handle + " at backend close");
            }
        }
        // shutdownNow also closes channels of connects still in flight, which no table holds
        try {
            group.shutdownNow();
        } catch (IOException e) {
            recordFailure(e, "shutdown of the nio2 channel group");
        }
        try {
            if (!group.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("nio2 channel group did not terminate within {} ms", SHUTDOWN_WAIT_MS);
            }
            // termination is reported before the pool's threads have returned; wait for them too
            for (Thread thread : groupThreads) {
                thread.join(SHUTDOWN_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void closeUnowned(long socket) {
        Nio2Channel channel = handles.remove(socket);
        if (channel == null) {
            return; // closed already (the backend's close, or another caller)
        }
        try {
            channel.closeChannel();
        } catch (IOException e) {
            recordFailure(e, "close of an accepted nio2 socket no worker took");
        }
    }

    /** The prefix of this backend's group thread names. */
    public String threadNamePrefix() {
        return threadNamePrefix;
    }

    AsynchronousChannelGroup group() {
        return group;
    }

    /** Applies the configured options to a connected or connecting socket. Any thread. */
    void configure(AsynchronousSocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, options.tcpNoDelay());
        if (options.sendBufferBytes() > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferBytes());
        }
        if (options.receiveBufferBytes() > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferBytes());
        }
    }

    /**
     * Applies the receive buffer size to a listener before it binds: accepted sockets inherit it,
     * and TCP fixes its window scale during the handshake, too early to change it afterwards.
     */
    void configure(AsynchronousServerSocketChannel listener) throws IOException {
        if (options.receiveBufferBytes() > 0) {
            listener.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferBytes());
        }
    }

    Nio2HandleTable handles() {
        return handles;
    }

    /** Names, counts and logs a failure the port handles itself (nobody else will see it). */
    void recordFailure(Throwable failure, String context) {
        metrics.record(ErrorSpace.ERRNO, Nio2Errors.errno(failure), context);
    }

    /** Closes a channel that is not (or no longer) in the handle table, recording a failure to close. */
    void closeUnregistered(Channel channel, String context) {
        try {
            channel.close();
        } catch (IOException e) {
            recordFailure(e, "close of " + context);
        }
    }

    private ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, threadNamePrefix + count.incrementAndGet());
            // daemon: a forgotten close must not keep the JVM alive
            thread.setDaemon(true);
            groupThreads.add(thread);
            return thread;
        };
    }
}

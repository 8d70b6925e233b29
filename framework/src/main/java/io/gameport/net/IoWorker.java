package io.gameport.net;

import io.gameport.log.RateLimitedLog;
import io.gameport.tls.TlsContext;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An I/O worker: one thread that owns one completion port and the connections on it. Each turn
 * it drains commands other threads queued (bounded, so a flood of sends cannot starve
 * completions), starts the gathered sends of connections written to since the last turn, then
 * submits and reaps in one {@link CompletionPort#poll}. When there is nothing to do it blocks in
 * the kernel without a timeout; other threads wake it through {@link CompletionPort#wakeup()}.
 *
 * <p>Its parts: the {@link WorkerMailbox} other threads queue {@link WorkerCommand}s in, the
 * {@link ConnectionTable} completions are routed through, the {@link Acceptor} with its listeners
 * and connection caps, and the {@link PendingConnects} of client connections. All of them, and
 * every connection on the worker, are touched only by its thread.
 */
public final class IoWorker implements Runnable, CompletionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IoWorker.class);
    /**
     * Outbound chunks a worker's pool keeps however quiet it was; direct memory, counted by
     * {@link DirectMemory#check}. Above it the pool keeps what was in use at once ({@link RetainedBuffers}).
     */
    static final int RETAINED_CHUNKS_FLOOR = 256;
    /** How often a worker gives back pooled buffers its traffic stopped needing. */
    static final long POOL_TRIM_PERIOD_MS = 10_000;
    /** Sweeps per idle timeout: a silent connection closes after between 1 and 1.25 timeouts. */
    static final int SWEEPS_PER_IDLE_TIMEOUT = 4;

    private final int index;
    private final WorkerGroup group;
    private final CompletionBackend backend;
    private final ErrorSpace errorSpace;
    private final ConnectionHandler defaultHandler;
    private final ChunkPool chunkPool;
    private final PartialFrameBudget partialFrames;
    private final WorkerMailbox mailbox = new WorkerMailbox(this);
    private final ConnectionTable connections;
    private final Acceptor acceptor;
    private final PendingConnects connects = new PendingConnects(this);
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final LongAdder staleCompletions = new LongAdder();
    private final LongAdder partialSends = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();
    private final WorkerTraffic traffic = new WorkerTraffic();
    private final AtomicBoolean idleSweepQueued = new AtomicBoolean();
    private final AtomicBoolean poolTrimQueued = new AtomicBoolean();
    private final PeerProbe peerProbe = new PeerProbe(this);
    /** An Error was reported as fatal here already (its rethrow must not report it twice). */
    private boolean fatalReported;
    /** Connections of a port that died under this worker, whose outbound memory the kernel may read until the port is closed. */
    private final List<Connection> abandoned = new ArrayList<>();
    /** Connections whose sends a closed port left in the kernel: never collectable. */
    private static final List<Connection> KEPT_FOR_THE_KERNEL = new ArrayList<>();

    private volatile Thread thread;
    private volatile Throwable startFailure;
    private CompletionPort port;
    private Connection[] flushQueue = new Connection[64];
    private int flushCount;
    private boolean stopping;
    private TlsBuffers tlsBuffers;

    IoWorker(int index, WorkerGroup group, CompletionBackend backend, ConnectionHandler defaultHandler) {
        this.index = index;
        this.group = group;
        this.backend = backend;
        this.errorSpace = backend.errorSpace();
        this.defaultHandler = defaultHandler;
        this.chunkPool = new ChunkPool(group.settings().outboundChunkBytes(), RETAINED_CHUNKS_FLOOR);
        this.partialFrames = new PartialFrameBudget(group.settings().maxPartialFrameBytesPerWorker());
        this.connections = new ConnectionTable(index);
        this.acceptor = new Acceptor(this, errorSpace, new ConnectionAdmission(group.settings().maxConnections(),
                group.settings().maxConnectionsPerAddress(), group.logs().refusedConnection()));
    }

    public int index() {
        return index;
    }

    /** Connections this worker currently owns, closing ones included. */
    int liveConnections() {
        return connections.live();
    }

    /** Completions whose connection was already released; non-zero means a lifetime bug. */
    public long staleCompletions() {
        return staleCompletions.sum();
    }

    void countStaleCompletion() {
        staleCompletions.increment();
    }

    /** Sends the kernel completed with fewer bytes than offered; the rest went out first in the next send. */
    public long partialSends() {
        return partialSends.sum();
    }

    /** The worker's outbound chunk pool (tests check what came back to it). */
    ChunkPool chunkPool() {
        return chunkPool;
    }

    void countPartialSend() {
        partialSends.increment();
    }

    /** Bytes and frames this worker moved and the times it woke from a blocking poll; counted by its thread. */
    WorkerTraffic traffic() {
        return traffic;
    }

    // ---- thread start and stop ----

    void start(String threadName) throws IOException {
        Thread t = new Thread(this, threadName);
        thread = t;
        t.start();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + threadName, e);
        }
        if (startFailure != null) {
            throw new IOException(threadName + " could not open its completion port: " + startFailure.getMessage(), startFailure);
        }
    }

    /** Returns once the worker's thread has ended, not merely reached its last line: "stopped" means no thread left. */
    void awaitTermination() throws InterruptedException {
        terminated.await();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.join();
        }
    }

    void requestStop() {
        execute(WorkerCommand.Signal.STOP);
    }

    @Override
    public void run() {
        try {
            port = backend.openPort();
        } catch (Throwable e) {
            startFailure = e;
            started.countDown();
            terminated.countDown();
            return;
        }
        started.countDown();
        try {
            loop();
        } catch (Throwable e) {
            if (e instanceof Error && !fatalReported) {
                fatal("polling its completion port", (Error) e);
            }
            // IOCP's 6/735 (the port was closed) lands here, as does a failure inside the port
            // itself: either way no completion will come back, so end every session now rather
            // than leak them. (Reached after an Error only when a test replaced the exit.)
            LOG.error("I/O worker {} stopped: {}; closing its connections without their port", index, e.toString(), e);
            abandon();
        } finally {
            port.close();
            releaseAbandoned();
            terminated.countDown();
        }
    }

    /**
     * Each turn: the queued commands (bounded), the sends of connections written to since the last
     * turn, then one submit-and-reap, blocking only when no command is waiting.
     */
    private void loop() throws IOException {
        while (true) {
            mailbox.drain();
            flushQueued();
            if (stopping && connections.live() == 0 && acceptor.open() == 0) {
                return;
            }
            boolean block = mailbox.prepareToBlock();
            port.poll(this, block);
            if (block) {
                traffic.wokeUp();
            }
            mailbox.awake();
        }
    }

    /** Closes every listener and connection; the loop ends once the last is released. */
    void beginStop() {
        if (stopping) {
            return;
        }
        stopping = true;
        acceptor.closeAll();
        connections.closeOpen(CloseReason.SERVER_STOPPING);
    }

    /** Closes every listener; connections stay open. Worker thread. */
    void closeListeners() {
        acceptor.closeAll();
    }

    void requestCloseListeners() {
        execute(WorkerCommand.Signal.CLOSE_LISTENERS);
    }

    boolean isStopping() {
        return stopping;
    }

    // ---- commands from other threads ----

    boolean isOwnerThread() {
        return Thread.currentThread() == thread;
    }

    /** Queues a command for the worker thread and wakes it if it may be blocked. Any thread. */
    void execute(WorkerCommand command) {
        if (mailbox.offer(command)) {
            port.wakeup();
        }
    }

    /** Has the group's timer run {@code command} on this worker after {@code delayMs}. Any thread. */
    void schedule(int delayMs, WorkerCommand command) {
        group.schedule(delayMs, this, command);
    }

    CompletableFuture<InetSocketAddress> listen(InetSocketAddress address) {
        CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
        execute(new WorkerCommand.Listen(address, result));
        return result;
    }

    CompletableFuture<Connection> connect(InetSocketAddress address, ConnectionHandler handler) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        execute(new WorkerCommand.Connect(address, handler, result));
        return result;
    }

    // ---- failures of the framework itself ----

    /**
     * A RuntimeException escaped the handling of one completion or command: a bug in the framework
     * or a port (handler exceptions are caught where handlers are called). The connection it
     * concerned is closed ({@link CloseReason#INTERNAL_ERROR}) and the worker goes on with its other
     * connections: one broken session is better than a worker and all its sessions gone.
     */
    void onInternalError(String doing, Connection connection, RuntimeException e) {
        internalErrors.increment();
        LOG.error("worker {}: internal error while {}; closing {} ({}), the worker goes on", index, doing,
                connection == null ? "no connection" : connection, CloseReason.INTERNAL_ERROR, e);
        if (connection != null) {
            try {
                connection.startClose(CloseReason.INTERNAL_ERROR);
            } catch (RuntimeException again) {
                LOG.error("worker {}: closing {} after an internal error failed too", index, connection, again);
            }
        }
    }

    void fatal(String doing, Error e) {
        fatalReported = true;
        FatalErrors.report("I/O worker " + index + " was " + doing, e);
    }

    /** RuntimeExceptions caught on this worker outside handler code (each closed its connection). */
    public long internalErrors() {
        return internalErrors.sum();
    }

    boolean isDead() {
        return mailbox.isClosed();
    }

    /** The port failed under the loop: end every session and listener and fail what waits on this worker. */
    private void abandon() {
        mailbox.close();
        connections.abandonAll(abandoned);
        connects.failAll(new IOException("I/O worker " + index + " lost its completion port"));
        acceptor.abandonAll();
    }

    /**
     * After the port closed: the abandoned connections' outbound chunks were kept reachable until
     * here, because a send the kernel had may read them until the port reaped it. Released once
     * now, or kept for the life of the process when the port itself left operations in the kernel.
     */
    private void releaseAbandoned() {
        if (abandoned.isEmpty()) {
            return;
        }
        if (port.leftOperationsInKernel()) {
            synchronized (KEPT_FOR_THE_KERNEL) {
                KEPT_FOR_THE_KERNEL.addAll(abandoned);
            }
            LOG.error("worker {}: the send buffers of {} connections are kept for the life of the process: "
                    + "their port closed with sends the kernel never completed", index, abandoned.size());
        } else {
            for (Connection connection : abandoned) {
                connection.releaseAbandonedOutbound();
            }
        }
        abandoned.clear();
    }

    // ---- completions ----

    @Override
    public void onCompletion(long token, long result, int flags, ByteBuffer data) {
        try {
            handleCompletion(token, result, flags, data);
        } catch (RuntimeException e) {
            onInternalError("handling a " + Token.opName(Token.op(token)) + " completion (result " + result + ")",
                    connectionOf(token), e);
        } catch (Error e) {
            fatal("handling a " + Token.opName(Token.op(token)) + " completion (result " + result + ") of "
                    + connectionOf(token), e);
            throw e;
        }
    }

    private void handleCompletion(long token, long result, int flags, ByteBuffer data) {
        int op = Token.op(token);
        if (op == Token.OP_ACCEPT || op == Token.OP_CLOSE_LISTENER) {
            acceptor.onCompletion(op, Token.slot(token), result, flags);
            return;
        }
        Connection connection = connections.get(Token.slot(token), Token.generation(token));
        if (connection == null) {
            staleCompletions.increment();
            LOG.error("worker {}: completion for a released connection dropped: op {} slot {} result {}", index, op,
                    Token.slot(token), result);
            return;
        }
        switch (op) {
            case Token.OP_RECEIVE -> {
                connections.heard(connection.slot, result > 0);
                if (result > 0) {
                    traffic.received(result);
                }
                connection.onReceiveComplete(result, flags, data);
            }
            case Token.OP_SEND -> {
                if (result > 0) {
                    traffic.sent(result);
                }
                connection.onSendComplete(result);
            }
            case Token.OP_CLOSE -> connection.onCloseComplete(result);
            case Token.OP_CONNECT -> connects.onComplete(connection, result);
            default -> {
                staleCompletions.increment();
                LOG.error("worker {}: completion with unknown operation {} dropped", index, op);
            }
        }
    }

    private Connection connectionOf(long token) {
        int op = Token.op(token);
        if (op == Token.OP_ACCEPT || op == Token.OP_CLOSE_LISTENER) {
            return null;
        }
        return connections.get(Token.slot(token), Token.generation(token));
    }

    // ---- connections ----

    Connection newConnection(ConnectionHandler handler) {
        int slot = connections.takeSlot();
        Connection connection = new Connection(group.nextConnectionId(), this, handler, slot, connections.generation(slot),
                group.maxFrameBytes(), chunkPool, partialFrames);
        connections.put(connection);
        return connection;
    }

    /** Called by a connection once its last completion is back and its memory is free. */
    void released(Connection connection) {
        connections.release(connection);
        if (connection.admittedBy != null) {
            connection.admittedBy.releaseAdmission(connection.admittedAddress);
        }
        group.connectionReleased();
    }

    /** Counts an admitted connection out of this (listening) worker's caps. Any thread: others go through a command. */
    void releaseAdmission(java.net.InetAddress address) {
        if (isOwnerThread()) {
            acceptor.releaseAdmission(address);
        } else {
            execute(new WorkerCommand.AdmissionReleased(address));
        }
    }

    /**
     * A socket this worker accepted: counts it in, or closes it at once when it is over a
     * connection cap (never opened, so no handler sees it). Returns whether it was admitted.
     */
    boolean admit(long socket, InetSocketAddress remote) {
        CloseReason refused = acceptor.admit(remote);
        if (refused == null) {
            return true;
        }
        Connection connection = newConnection(defaultHandler);
        try {
            port.adopt(socket);
        } catch (IOException e) {
            LOG.warn("worker {}: could not take over refused socket {}: {}", index, socket, e.getMessage());
        }
        connection.refuse(socket, remote, refused);
        return false;
    }

    /** Accepted connections counted against this worker's caps, for tests and metrics. Worker thread. */
    int admittedConnections() {
        return acceptor.admitted();
    }

    /** Listeners stopped because their accept failed for good. */
    long failedListeners() {
        return acceptor.failedListeners();
    }

    /** Takes over an accepted socket that {@code admittedBy} counted against its caps (with its peer's address). */
    void adopt(long socket, InetSocketAddress remote, IoWorker admittedBy) {
        Connection connection = newConnection(defaultHandler);
        connection.admittedBy = admittedBy;
        connection.admittedAddress = remote == null ? null : remote.getAddress();
        try {
            port.adopt(socket);
        } catch (IOException e) {
            LOG.warn("worker {}: could not take over socket {}: {}", index, socket, e.getMessage());
            connection.socket = socket;
            connection.startClose(CloseReason.IO_ERROR);
            return;
        }
        if (stopping) {
            connection.socket = socket;
            connection.startClose(CloseReason.SERVER_STOPPING);
            return;
        }
        connection.open(socket, remote != null ? remote : port.remoteAddress(socket));
    }

    void queueFlush(Connection connection) {
        if (flushCount == flushQueue.length) {
            flushQueue = Arrays.copyOf(flushQueue, flushCount * 2);
        }
        flushQueue[flushCount++] = connection;
    }

    /** Sends go out once per turn, after every completion and command of the turn had its say: one gathered send per connection. */
    private void flushQueued() {
        for (int i = 0; i < flushCount; i++) {
            Connection connection = flushQueue[i];
            flushQueue[i] = null;
            connection.flush();
        }
        flushCount = 0;
    }

    // ---- idle timeout ----

    /** From the group's timer, every quarter of the idle timeout: at most one sweep queued at a time. Any thread. */
    void requestIdleSweep() {
        if (idleSweepQueued.compareAndSet(false, true)) {
            execute(WorkerCommand.Signal.IDLE_SWEEP);
        }
    }

    /**
     * Closes every open connection that received nothing during the last
     * {@link #SWEEPS_PER_IDLE_TIMEOUT} sweeps ({@link CloseReason#IDLE_TIMEOUT}). No timer object
     * per connection and no clock read per receive: a receive sets a flag, the sweep reads it.
     */
    void sweepIdle() {
        idleSweepQueued.set(false);
        if (stopping) {
            return;
        }
        connections.closeSilent(SWEEPS_PER_IDLE_TIMEOUT);
    }

    // ---- pooled buffers ----

    /** From the group's timer every {@link #POOL_TRIM_PERIOD_MS}: at most one trim queued at a time. Any thread. */
    void requestPoolTrim() {
        if (poolTrimQueued.compareAndSet(false, true)) {
            execute(WorkerCommand.Signal.POOL_TRIM);
        }
    }

    /** Gives the collector the pooled chunks and TLS buffers beyond what the last period used at once. */
    void trimPools() {
        poolTrimQueued.set(false);
        chunkPool.trim();
        if (tlsBuffers != null) {
            tlsBuffers.trim();
        }
    }

    // ---- peer probe ----

    /** From the group's timer every {@link TransportSettings#peerProbePeriodMs()}. Any thread. */
    void requestPeerProbe() {
        peerProbe.request();
    }

    /** Closes the open connections, silent since the last such sweep, whose socket the kernel has dropped unreported ({@link PeerProbe}). */
    void probePeers() {
        if (!stopping) {
            peerProbe.sweep(connections);
        }
    }

    /** Connections the peer probe found gone. Any thread. */
    long peerProbeCloses() {
        return peerProbe.closes();
    }

    // ---- partial-frame budget ----

    /**
     * After a receive: while this worker's partial frames hold more than the budget, closes the
     * connection holding the most. A scan of the slots, but only when the budget is passed, which
     * honest traffic never does; each close returns its share at once (the decoder is heap).
     */
    void checkPartialFrameBudget() {
        while (partialFrames.exceeded()) {
            Connection largest = connections.largestPartialFrame();
            if (largest == null) {
                return;
            }
            RateLimitedLog log = group.logs().partialFrameClose();
            if (log.admit()) {
                log.logger().warn("worker {}: partial frames hold {} bytes, over maxPartialFrameBytesPerWorker ({}): closing {}, which holds {}",
                        index, partialFrames.heldBytes(), partialFrames.maxBytes(), largest, largest.partialFrameBytes());
            }
            largest.startClose(CloseReason.PARTIAL_FRAME_BUDGET);
        }
    }

    /** A connection needed direct memory the JVM could not reserve: it closes, the worker goes on. */
    void directMemoryExhausted(Connection connection, String doing, RuntimeException e) {
        RateLimitedLog log = group.logs().directMemory();
        if (log.admit()) {
            log.logger().warn("worker {}: {} while {}; closing {}", index, e.getMessage(), doing, connection);
        }
        connection.startClose(CloseReason.DIRECT_MEMORY_EXHAUSTED);
    }

    /** Heap held in partial frames on this worker; exact on the worker thread, a hint elsewhere. */
    long partialFrameBytes() {
        return partialFrames.heldBytes();
    }

    // ---- services for connections and the worker's parts ----

    WorkerGroup group() {
        return group;
    }

    Acceptor acceptor() {
        return acceptor;
    }

    PendingConnects connects() {
        return connects;
    }

    void countClose(CloseReason reason) {
        group.countClose(reason);
    }

    CompletionPort port() {
        return port;
    }

    SendQuota sendQuota() {
        return group.sendQuota();
    }

    ErrorMetrics errors() {
        return group.errors();
    }

    ErrorSpace errorSpace() {
        return errorSpace;
    }

    /** The group's TLS context, or null when its connections are plaintext. */
    TlsContext tlsContext() {
        return group.tlsContext();
    }

    /** This worker's TLS buffers, made at the first TLS connection. */
    TlsBuffers tlsBuffers(TlsContext context) {
        if (tlsBuffers == null) {
            tlsBuffers = new TlsBuffers(context.packetBufferBytes(), context.applicationBufferBytes(), TlsStage.RECORDS_PER_SEND);
        }
        return tlsBuffers;
    }

    int maxFrameBytes() {
        return group.maxFrameBytes();
    }

    TransportLogs logs() {
        return group.logs();
    }
}

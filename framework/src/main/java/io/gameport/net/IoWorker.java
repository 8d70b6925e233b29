package io.gameport.net;

import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An I/O worker: one thread that owns one completion port and the connections on it. Each turn
 * it drains commands other threads queued (bounded, so a flood of sends cannot starve
 * completions), starts the gathered sends of connections written to since the last turn, then
 * submits and reaps in one {@link CompletionPort#poll}. When there is nothing to do it blocks in
 * the kernel without a timeout; other threads wake it through {@link CompletionPort#wakeup()}.
 */
public final class IoWorker implements Runnable, CompletionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IoWorker.class);
    private static final int COMMANDS_PER_TURN = 4096;
    /** Outbound chunks a worker keeps for reuse; direct memory, counted by {@link DirectMemory#check}. */
    static final int RETAINED_CHUNKS = 256;

    private final int index;
    private final WorkerGroup group;
    private final CompletionBackend backend;
    private final ErrorSpace errorSpace;
    private final ConnectionHandler defaultHandler;
    private final ChunkPool chunkPool;
    private final PartialFrameBudget partialFrames;
    /** The connection caps of the listeners on this worker (used only if it listens). */
    private final ConnectionAdmission admission;
    private final ConcurrentLinkedQueue<Object> commands = new ConcurrentLinkedQueue<>();
    /** 1 while the worker may be blocked in poll: a producer that sees it posts a wake-up. */
    private final AtomicInteger sleeping = new AtomicInteger();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final LongAdder staleCompletions = new LongAdder();
    private final LongAdder partialSends = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();
    private final java.util.concurrent.atomic.AtomicBoolean idleSweepQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** An Error was reported as fatal here already (its rethrow must not report it twice). */
    private boolean fatalReported;
    private final LongAdder failedListeners = new LongAdder();
    /** Connections of a port that died under this worker, whose outbound memory the kernel may read until the port is closed. */
    private final List<Connection> abandoned = new ArrayList<>();
    /** Connections whose sends a closed port left in the kernel: never collectable. */
    private static final List<Connection> KEPT_FOR_THE_KERNEL = new ArrayList<>();

    private volatile Thread thread;
    private volatile Throwable startFailure;
    private CompletionPort port;
    private Connection[] slots = new Connection[64];
    private int[] generations = new int[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int highestSlot;
    private int liveConnections;
    private Connection[] flushQueue = new Connection[64];
    private int flushCount;
    private final Listener[] listeners = new Listener[8];
    private int openListeners;
    private boolean stopping;
    private TlsBuffers tlsBuffers;
    /** The loop ended (its port closed under it): commands are discarded by whoever queues them. */
    private volatile boolean dead;

    IoWorker(int index, WorkerGroup group, CompletionBackend backend, ConnectionHandler defaultHandler) {
        this.index = index;
        this.group = group;
        this.backend = backend;
        this.errorSpace = backend.errorSpace();
        this.defaultHandler = defaultHandler;
        this.chunkPool = new ChunkPool(group.config().outboundChunkBytes(), RETAINED_CHUNKS);
        this.partialFrames = new PartialFrameBudget(group.config().maxPartialFrameBytesPerWorker());
        this.admission = new ConnectionAdmission(group.config().maxConnections(), group.config().maxConnectionsPerAddress());
    }

    public int index() {
        return index;
    }

    /** Connections this worker currently owns, closing ones included. */
    int liveConnections() {
        return liveConnections;
    }

    /** Completions whose connection was already released; non-zero means a lifetime bug. */
    public long staleCompletions() {
        return staleCompletions.sum();
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
        execute(StopCommand.INSTANCE);
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

    private void loop() throws IOException {
        while (true) {
            drainCommands();
            flushQueued();
            if (stopping && liveConnections == 0 && openListeners == 0) {
                return;
            }
            boolean block = false;
            if (commands.isEmpty()) {
                sleeping.set(1);
                // Re-check after publishing "sleeping": a producer that enqueued before it saw 0
                // and did not wake us, so its command must be visible here (volatile ordering).
                block = commands.isEmpty();
                if (!block) {
                    sleeping.set(0);
                }
            }
            port.poll(this, block);
            sleeping.set(0);
        }
    }

    // ---- commands from other threads ----

    boolean isOwnerThread() {
        return Thread.currentThread() == thread;
    }

    /** Queues a command for the worker thread and wakes it if it may be blocked. Any thread. */
    void execute(Object command) {
        commands.offer(command);
        if (dead) {
            // Offered before reading dead: either the dying worker's own drain sees it, or we do.
            discardCommands();
            return;
        }
        if (sleeping.get() == 1 && sleeping.compareAndSet(1, 0)) {
            port.wakeup();
        }
    }

    private void drainCommands() {
        for (int i = 0; i < COMMANDS_PER_TURN; i++) {
            Object command = commands.poll();
            if (command == null) {
                return;
            }
            try {
                runCommand(command);
            } catch (RuntimeException e) {
                onInternalError("running " + command.getClass().getSimpleName(), connectionOf(command), e);
            } catch (Error e) {
                fatal("running " + command.getClass().getSimpleName() + " for " + connectionOf(command), e);
                throw e;
            }
        }
    }

    // ---- failures of the framework itself ----

    /**
     * A RuntimeException escaped the handling of one completion or command: a bug in the framework
     * or a port (handler exceptions are caught where handlers are called). The connection it
     * concerned is closed ({@link CloseReason#INTERNAL_ERROR}) and the worker goes on with its other
     * connections: one broken session is better than a worker and all its sessions gone.
     */
    private void onInternalError(String doing, Connection connection, RuntimeException e) {
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

    private void fatal(String doing, Error e) {
        fatalReported = true;
        FatalErrors.report("I/O worker " + index + " was " + doing, e);
    }

    private Connection connectionOf(long token) {
        int op = Token.op(token);
        if (op == Token.OP_ACCEPT || op == Token.OP_CLOSE_LISTENER) {
            return null;
        }
        int slot = Token.slot(token);
        Connection connection = slot < slots.length ? slots[slot] : null;
        return connection != null && connection.generation == Token.generation(token) ? connection : null;
    }

    private static Connection connectionOf(Object command) {
        if (command instanceof PendingSend) {
            return ((PendingSend) command).connection;
        } else if (command instanceof CloseCommand) {
            return ((CloseCommand) command).connection;
        } else if (command instanceof RetryReceive) {
            return ((RetryReceive) command).connection;
        } else if (command instanceof RetrySend) {
            return ((RetrySend) command).connection;
        }
        return null;
    }

    /** RuntimeExceptions caught on this worker outside handler code (each closed its connection). */
    public long internalErrors() {
        return internalErrors.sum();
    }

    private void runCommand(Object command) {
        if (command instanceof PendingSend) {
            PendingSend send = (PendingSend) command;
            send.connection.appendFrame(send.payload, send.offset, send.length);
        } else if (command instanceof SendBatch.Segment) {
            ((SendBatch.Segment) command).deliver();
        } else if (command instanceof CloseCommand) {
            CloseCommand close = (CloseCommand) command;
            close.connection.startClose(close.reason);
        } else if (command instanceof RetryReceive) {
            ((RetryReceive) command).connection.retryReceive();
        } else if (command instanceof RetrySend) {
            ((RetrySend) command).connection.retrySend();
        } else if (command instanceof AdoptSocket) {
            AdoptSocket adopt = (AdoptSocket) command;
            adopt(adopt.socket, adopt.remote, adopt.admittedBy);
        } else if (command instanceof AdmissionReleased) {
            admission.release(((AdmissionReleased) command).address);
        } else if (command instanceof Listen) {
            startListening((Listen) command);
        } else if (command instanceof Connect) {
            startConnect((Connect) command);
        } else if (command instanceof RearmAccept) {
            Listener listener = ((RearmAccept) command).listener;
            if (!stopping && !listener.closing) {
                armAccept(listener);
            }
        } else if (command == IdleSweep.INSTANCE) {
            sweepIdle();
        } else if (command == StopCommand.INSTANCE) {
            beginStop();
        } else if (command instanceof Runnable) {
            ((Runnable) command).run();
        } else {
            throw new IllegalStateException("unknown worker command " + command);
        }
    }

    boolean isDead() {
        return dead;
    }

    /** The port failed under the loop: end every session and listener and fail what waits on this worker. */
    private void abandon() {
        dead = true;
        for (int i = 0; i < highestSlot; i++) {
            Connection connection = slots[i];
            if (connection != null) {
                connection.abandon();
                abandoned.add(connection);
            }
        }
        IOException gone = new IOException("I/O worker " + index + " lost its completion port");
        pendingConnects.values().forEach(future -> future.completeExceptionally(gone));
        pendingConnects.clear();
        java.util.Arrays.fill(listeners, null);
        openListeners = 0;
        discardCommands();
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

    /** After death, from any thread: returns the quota of queued frames and fails waiting futures. */
    private void discardCommands() {
        Object command;
        while ((command = commands.poll()) != null) {
            if (command instanceof PendingSend) {
                PendingSend send = (PendingSend) command;
                send.connection.dropFrame(send.length);
            } else if (command instanceof SendBatch.Segment) {
                ((SendBatch.Segment) command).discard();
            } else if (command instanceof Listen) {
                ((Listen) command).result.completeExceptionally(new IOException("I/O worker " + index + " lost its completion port"));
            } else if (command instanceof Connect) {
                ((Connect) command).result.completeExceptionally(new IOException("I/O worker " + index + " lost its completion port"));
            } else if (command instanceof AdoptSocket) {
                // Handed over as this worker died: another live worker takes it (or it is closed).
                AdoptSocket adopt = (AdoptSocket) command;
                group.handOver(adopt.socket, adopt.remote, adopt.admittedBy, null);
            }
            // Close, retry, re-arm and stop commands concern connections and listeners already ended.
        }
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
            onListenerCompletion(op, Token.slot(token), result, flags);
            return;
        }
        int slot = Token.slot(token);
        Connection connection = slot < slots.length ? slots[slot] : null;
        if (connection == null || connection.generation != Token.generation(token)) {
            staleCompletions.increment();
            LOG.error("worker {}: completion for a released connection dropped: op {} slot {} result {}", index, op, slot, result);
            return;
        }
        switch (op) {
            case Token.OP_RECEIVE:
                connection.onReceiveComplete(result, flags, data);
                break;
            case Token.OP_SEND:
                connection.onSendComplete(result);
                break;
            case Token.OP_CLOSE:
                connection.onCloseComplete(result);
                break;
            case Token.OP_CONNECT:
                onConnectComplete(connection, result);
                break;
            default:
                staleCompletions.increment();
                LOG.error("worker {}: completion with unknown operation {} dropped", index, op);
        }
    }

    // ---- connections ----

    private Connection newConnection(ConnectionHandler handler) {
        int slot = freeCount > 0 ? freeSlots[--freeCount] : highestSlot++;
        if (slot >= Token.MAX_SLOTS) {
            throw new IllegalStateException("worker " + index + " has no free connection slot");
        }
        if (slot >= slots.length) {
            int size = Math.max(slots.length * 2, slot + 1);
            slots = java.util.Arrays.copyOf(slots, size);
            generations = java.util.Arrays.copyOf(generations, size);
        }
        Connection connection = new Connection(group.nextConnectionId(), this, handler, slot, generations[slot],
                group.config().maxFrameBytes(), chunkPool, partialFrames);
        slots[slot] = connection;
        liveConnections++;
        return connection;
    }

    /** Called by a connection once its last completion is back and its memory is free. */
    void released(Connection connection) {
        int slot = connection.slot;
        slots[slot] = null;
        generations[slot]++;
        if (freeCount == freeSlots.length) {
            freeSlots = java.util.Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = slot;
        liveConnections--;
        if (connection.admittedBy != null) {
            connection.admittedBy.releaseAdmission(connection.admittedAddress);
        }
        group.connectionReleased();
    }

    /** Counts an admitted connection out of this (listening) worker's caps. Any thread: others go through a command. */
    void releaseAdmission(java.net.InetAddress address) {
        if (isOwnerThread()) {
            admission.release(address);
        } else {
            execute(new AdmissionReleased(address));
        }
    }

    /**
     * A socket this worker accepted: counts it in, or closes it at once when it is over a
     * connection cap (never opened, so no handler sees it). Returns whether it was admitted.
     */
    boolean admit(long socket, InetSocketAddress remote) {
        CloseReason refused = admission.admit(remote);
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
        return admission.open();
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
            flushQueue = java.util.Arrays.copyOf(flushQueue, flushCount * 2);
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

    // ---- listening ----

    private void startListening(Listen command) {
        try {
            long handle = port.listen(command.address, group.config().backlog());
            int slot = -1;
            for (int i = 0; i < listeners.length; i++) {
                if (listeners[i] == null) {
                    slot = i;
                    break;
                }
            }
            if (slot < 0) {
                throw new IOException("too many listeners on worker " + index);
            }
            Listener listener = new Listener(slot, handle, port.localAddress(handle));
            listeners[slot] = listener;
            openListeners++;
            armAccept(listener);
            command.result.complete(listener.address);
        } catch (IOException | RuntimeException e) {
            command.result.completeExceptionally(e);
        }
    }

    private void armAccept(Listener listener) {
        listener.armed = true;
        port.accept(listener.handle, Token.of(Token.OP_ACCEPT, listener.slot, 0));
    }

    private void onListenerCompletion(int op, int slot, long result, int flags) {
        Listener listener = listeners[slot];
        if (listener == null) {
            staleCompletions.increment();
            LOG.error("worker {}: completion for a closed listener dropped", index);
            return;
        }
        if (op == Token.OP_CLOSE_LISTENER) {
            listener.closeDone = true;
        } else {
            if (!Completions.more(flags)) {
                listener.armed = false;
            }
            boolean rearm = !listener.armed && !listener.closing && !stopping;
            if (result >= 0) {
                group.assign(result, this);
            } else {
                int code = Completions.errorCode(result);
                Outcome outcome = errors().record(errorSpace, code, "accept on " + listener.address);
                if (rearm && ErrorClassifier.endsListener(errorSpace, code)) {
                    stopFailedListener(listener, code);
                    rearm = false;
                } else if (rearm && outcome == Outcome.OUT_OF_RESOURCES) {
                    // EMFILE/WSAENOBUFS: give the process time to free descriptors; the listener stays.
                    group.schedule(100, this, new RearmAccept(listener));
                    rearm = false;
                }
            }
            if (rearm) {
                armAccept(listener);
            }
        }
        if (listener.closing && listener.closeDone && !listener.armed) {
            listeners[slot] = null;
            openListeners--;
        }
    }

    /**
     * The listener can never accept again: re-arming would fail at once, forever, and spin the
     * worker. It stops here, with one line and a count; the worker and its connections go on.
     */
    private void stopFailedListener(Listener listener, int code) {
        failedListeners.increment();
        listener.closing = true;
        boolean handleGone = ErrorClassifier.listenerHandleGone(errorSpace, code);
        LOG.error("worker {}: listener on {} stopped: accept failed with {}, which no retry can fix; "
                + "it accepts no more connections{}", index, listener.address, ErrorClassifier.name(errorSpace, code),
                handleGone ? " (its handle no longer names the listener and is left alone)" : "");
        if (handleGone) {
            listener.closeDone = true;
        } else {
            port.closeListener(listener.handle, Token.of(Token.OP_CLOSE_LISTENER, listener.slot, 0));
        }
    }

    /** Listeners stopped because their accept failed for good. */
    long failedListeners() {
        return failedListeners.sum();
    }

    // ---- connecting (client side) ----

    private void startConnect(Connect command) {
        if (stopping) {
            command.result.completeExceptionally(new IOException("worker is stopping"));
            return;
        }
        Connection connection = newConnection(command.handler);
        connection.markConnecting();
        connection.requestedHost = command.address.getHostString();
        pendingConnects.put(connection, command.result);
        port.connect(command.address, Token.of(Token.OP_CONNECT, connection.slot, connection.generation));
    }

    private final java.util.IdentityHashMap<Connection, CompletableFuture<Connection>> pendingConnects = new java.util.IdentityHashMap<>();

    private void onConnectComplete(Connection connection, long result) {
        CompletableFuture<Connection> future = pendingConnects.remove(connection);
        if (result < 0) {
            int code = Completions.errorCode(result);
            Outcome outcome = errors().record(errorSpace, code, "connect");
            connection.failConnect();
            future.completeExceptionally(new ConnectFailedException(outcome, io.gameport.transport.ErrorClassifier.name(errorSpace, code)));
            return;
        }
        if (stopping) {
            connection.connected(result, null);
            connection.startClose(CloseReason.SERVER_STOPPING);
            future.completeExceptionally(new IOException("worker is stopping"));
            return;
        }
        connection.connected(result, port.remoteAddress(result));
        future.complete(connection);
    }

    // ---- stopping ----

    private void beginStop() {
        if (stopping) {
            return;
        }
        stopping = true;
        for (Listener listener : listeners) {
            if (listener != null && !listener.closing) {
                listener.closing = true;
                port.closeListener(listener.handle, Token.of(Token.OP_CLOSE_LISTENER, listener.slot, 0));
            }
        }
        for (int i = 0; i < highestSlot; i++) {
            Connection connection = slots[i];
            if (connection != null && connection.state() == Connection.OPEN) {
                connection.startClose(CloseReason.SERVER_STOPPING);
            }
        }
    }

    // ---- idle timeout ----

    /** Sweeps per idle timeout: a silent connection closes after between 1 and 1.25 timeouts. */
    static final int SWEEPS_PER_IDLE_TIMEOUT = 4;

    /** From the group's timer, every quarter of the idle timeout: at most one sweep queued at a time. Any thread. */
    void requestIdleSweep() {
        if (idleSweepQueued.compareAndSet(false, true)) {
            execute(IdleSweep.INSTANCE);
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
        for (int i = 0; i < highestSlot; i++) {
            Connection connection = slots[i];
            if (connection != null && connection.state() == Connection.OPEN && connection.silentFor(SWEEPS_PER_IDLE_TIMEOUT)) {
                connection.startClose(CloseReason.IDLE_TIMEOUT);
            }
        }
    }

    // ---- partial-frame budget ----

    /**
     * After a receive: while this worker's partial frames hold more than the budget, closes the
     * connection holding the most. A scan of the slots, but only when the budget is passed, which
     * honest traffic never does; each close returns its share at once (the decoder is heap).
     */
    void checkPartialFrameBudget() {
        while (partialFrames.exceeded()) {
            Connection largest = null;
            int most = 0;
            for (int i = 0; i < highestSlot; i++) {
                Connection connection = slots[i];
                if (connection != null && connection.partialFrameBytes() > most) {
                    most = connection.partialFrameBytes();
                    largest = connection;
                }
            }
            if (largest == null) {
                return;
            }
            if (group.partialFrameCloseLog().admit()) {
                LOG.warn("worker {}: partial frames hold {} bytes, over maxPartialFrameBytesPerWorker ({}): closing {}, which holds {}",
                        index, partialFrames.heldBytes(), partialFrames.maxBytes(), largest, most);
            }
            largest.startClose(CloseReason.PARTIAL_FRAME_BUDGET);
        }
    }

    /** A connection needed direct memory the JVM could not reserve: it closes, the worker goes on. */
    void directMemoryExhausted(Connection connection, String doing, RuntimeException e) {
        if (group.directMemoryLog().admit()) {
            LOG.warn("worker {}: {} while {}; closing {}", index, e.getMessage(), doing, connection);
        }
        connection.startClose(CloseReason.DIRECT_MEMORY_EXHAUSTED);
    }

    /** Heap held in partial frames on this worker; exact on the worker thread, a hint elsewhere. */
    long partialFrameBytes() {
        return partialFrames.heldBytes();
    }

    // ---- services for connections ----

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
    io.gameport.tls.TlsContext tlsContext() {
        return group.tlsContext();
    }

    /** This worker's TLS buffers, made at the first TLS connection. */
    TlsBuffers tlsBuffers(io.gameport.tls.TlsContext context) {
        if (tlsBuffers == null) {
            tlsBuffers = new TlsBuffers(context.packetBufferBytes(), context.applicationBufferBytes(), TlsStage.RECORDS_PER_SEND);
        }
        return tlsBuffers;
    }

    int maxFrameBytes() {
        return group.config().maxFrameBytes();
    }

    void schedule(int delayMs, Object command) {
        group.schedule(delayMs, this, command);
    }

    CompletableFuture<InetSocketAddress> listen(InetSocketAddress address) {
        CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
        execute(new Listen(address, result));
        return result;
    }

    CompletableFuture<Connection> connect(InetSocketAddress address, ConnectionHandler handler) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        execute(new Connect(address, handler, result));
        return result;
    }

    // ---- command records ----

    static final class PendingSend {
        final Connection connection;
        final ByteBuffer payload;
        final int offset;
        final int length;

        PendingSend(Connection connection, ByteBuffer payload, int offset, int length) {
            this.connection = connection;
            this.payload = payload;
            this.offset = offset;
            this.length = length;
        }
    }

    static final class CloseCommand {
        final Connection connection;
        final CloseReason reason;

        CloseCommand(Connection connection, CloseReason reason) {
            this.connection = connection;
            this.reason = reason;
        }
    }

    static final class RetryReceive {
        final Connection connection;

        RetryReceive(Connection connection) {
            this.connection = connection;
        }
    }

    static final class RetrySend {
        final Connection connection;

        RetrySend(Connection connection) {
            this.connection = connection;
        }
    }

    static final class AdoptSocket {
        final long socket;
        final InetSocketAddress remote;
        final IoWorker admittedBy;

        /** A socket no listener counted (tests hand sockets over directly). */
        AdoptSocket(long socket) {
            this(socket, null, null);
        }

        AdoptSocket(long socket, InetSocketAddress remote, IoWorker admittedBy) {
            this.socket = socket;
            this.remote = remote;
            this.admittedBy = admittedBy;
        }
    }

    /** An admitted connection of another worker was released: the listening worker counts it out. */
    private static final class AdmissionReleased {
        final java.net.InetAddress address;

        AdmissionReleased(java.net.InetAddress address) {
            this.address = address;
        }
    }

    private static final class Listen {
        final InetSocketAddress address;
        final CompletableFuture<InetSocketAddress> result;

        Listen(InetSocketAddress address, CompletableFuture<InetSocketAddress> result) {
            this.address = address;
            this.result = result;
        }
    }

    private static final class Connect {
        final InetSocketAddress address;
        final ConnectionHandler handler;
        final CompletableFuture<Connection> result;

        Connect(InetSocketAddress address, ConnectionHandler handler, CompletableFuture<Connection> result) {
            this.address = address;
            this.handler = handler;
            this.result = result;
        }
    }

    private static final class RearmAccept {
        final Listener listener;

        RearmAccept(Listener listener) {
            this.listener = listener;
        }
    }

    private enum StopCommand {
        INSTANCE
    }

    private enum IdleSweep {
        INSTANCE
    }

    private static final class Listener {
        final int slot;
        final long handle;
        final InetSocketAddress address;
        boolean armed;
        boolean closing;
        boolean closeDone;

        Listener(int slot, long handle, InetSocketAddress address) {
            this.slot = slot;
            this.handle = handle;
            this.address = address;
        }
    }
}

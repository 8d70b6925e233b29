package io.gameport.transport.scripted;

import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A completion backend whose "kernel" is the test: every operation the framework starts is
 * recorded and stays pending until the test answers it through its {@link ScriptedOp} (or a
 * scripted answer given in advance answers it at once), with any outcome of DESIGN.md's table of
 * GetQueuedCompletionStatus results, in any order, from any thread. Error codes are Windows codes.
 *
 * <p>Besides answering, it checks that the framework keeps the {@link CompletionPort} contract and
 * lists every breach in {@link #violations()}: a call from a thread other than the port's owner, a
 * send started while one is in flight on the socket, a receive armed twice, any operation on a
 * socket after its close started, a send buffer changed before its completion, a port closed with
 * operations still pending, the backend closed before its ports.
 *
 * <p>Close: in {@link #closeAutomatically automatic} mode (the default) a close aborts the
 * socket's unanswered operations with 995 and then completes, as a kernel does; in manual mode
 * the close and the operations it aborts stay pending until the test answers them, in any order.
 *
 * <p>Threads: everything is guarded by one monitor; the test API may be called from any thread.
 */
public final class ScriptedBackend implements CompletionBackend {

    final Object lock = new Object();
    private final ErrorMetrics metrics;
    private final Map<Long, ScriptedSocket> sockets = new HashMap<>();
    private final List<ScriptedPort> ports = new ArrayList<>();
    private final List<ScriptedOp> history = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<OpKind, Consumer<ScriptedOp>> defaultAnswers = new HashMap<>();
    private long nextHandle = 100;
    private long nextOpId;
    private boolean autoClose = true;
    private boolean closed;

    /** @param metrics where the port records the errors it handles itself (a closed port's 6 or 735) */
    public ScriptedBackend(ErrorMetrics metrics) {
        this.metrics = metrics;
    }

    /** Scripted ports answer probes as a test declares: the workers sweep, as on io_uring. */
    @Override
    public boolean canMissResets() {
        return true;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public ErrorSpace errorSpace() {
        return ErrorSpace.WINDOWS;
    }

    @Override
    public CompletionPort openPort() {
        synchronized (lock) {
            if (closed) {
                violation("openPort after the backend was closed");
            }
            ScriptedPort port = new ScriptedPort(this, ports.size());
            ports.add(port);
            lock.notifyAll();
            return port;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            for (ScriptedPort port : ports) {
                if (!port.closed) {
                    violation("backend closed while " + port + " is open");
                }
            }
            closed = true;
        }
    }

    /** Closes a socket no port took: it must be a known socket, unowned, with no operation and not closed before. */
    @Override
    public void closeUnowned(long handle) {
        synchronized (lock) {
            ScriptedSocket socket = sockets.get(handle);
            if (socket == null) {
                violation("closeUnowned of unknown socket " + handle);
                return;
            }
            if (socket.port != null || !socket.ops.isEmpty()) {
                violation("closeUnowned of socket " + handle + ", which " + socket.port + " took over");
            }
            if (socket.closedUnowned || socket.closeStarted) {
                violation("socket " + handle + " closed twice");
            }
            socket.closedUnowned = true;
            lock.notifyAll();
        }
    }

    // ------------------------------------------------------------------ test API

    /** True once the framework closed the socket through {@link #closeUnowned}, without any port. */
    public boolean closedUnowned(long handle) {
        synchronized (lock) {
            return socket(handle).closedUnowned;
        }
    }

    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** The port opened {@code index}-th (worker i opens port i when workers start in order). */
    public ScriptedPort port(int index) {
        synchronized (lock) {
            return ports.get(index);
        }
    }

    /** Every breach of the port contract seen so far; empty when the framework kept it. */
    public List<String> violations() {
        synchronized (lock) {
            return new ArrayList<>(violations);
        }
    }

    /**
     * Automatic close (default): closing a socket aborts its unanswered operations with 995 and
     * completes the close. Manual: they wait for the test. Switching to automatic settles every
     * close already started.
     */
    public void closeAutomatically(boolean automatic) {
        synchronized (lock) {
            autoClose = automatic;
            if (automatic) {
                for (ScriptedSocket socket : sockets.values()) {
                    if (socket.closeStarted) {
                        settleClose(socket);
                    }
                }
            }
        }
    }

    /** Answers every future operation of a kind (unless a per-socket answer is scripted) with {@code answer}. */
    public void answerAll(OpKind kind, Consumer<ScriptedOp> answer) {
        synchronized (lock) {
            defaultAnswers.put(kind, answer);
        }
    }

    /** Runs {@code answers} as one step: a worker's next poll sees all of their completions together. */
    public void atomically(Runnable answers) {
        synchronized (lock) {
            answers.run();
        }
    }

    /** A connected socket the kernel knows, for an accept to hand out; script its answers before accepting it. */
    public long newSocket() {
        synchronized (lock) {
            long handle = nextHandle++;
            sockets.put(handle, new ScriptedSocket(handle, false));
            return handle;
        }
    }

    /** The next operation of {@code kind} on {@code socket} is answered by {@code answer} as it starts (an immediate completion). */
    public void answerNext(long socket, OpKind kind, Consumer<ScriptedOp> answer) {
        synchronized (lock) {
            socket(socket).answerNext(kind, answer);
        }
    }

    /** Waits for the armed accept of the (only) listener and completes it with a new socket, keeping it armed. */
    public long accept() {
        return accept(newSocket());
    }

    /** Waits for the armed accept of the listener and completes it with {@code socket}, keeping it armed. */
    public long accept(long socket) {
        ScriptedOp accept = awaitOp(OpKind.ACCEPT, -1);
        accept.accept(socket, true);
        return socket;
    }

    /** Waits until an unanswered operation of {@code kind} is pending on {@code socket} ({@code -1}: any listener). */
    public ScriptedOp awaitOp(OpKind kind, long socket) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (lock) {
            while (true) {
                ScriptedOp op = pendingOp(kind, socket);
                if (op != null) {
                    return op;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + kind + " pending on socket " + socket + "; operations: " + history);
                }
                waitLocked(left);
            }
        }
    }

    /** An unanswered operation of {@code kind} on {@code socket}, or null. */
    public ScriptedOp pendingOp(OpKind kind, long socket) {
        synchronized (lock) {
            for (ScriptedOp op : history) {
                if (op.kind == kind && !op.answered && (socket == -1 ? isListener(op.socket) : op.socket == socket)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** Every unanswered operation, ordered by socket then start order, so a seeded choice among them is reproducible. */
    public List<ScriptedOp> pendingOps() {
        synchronized (lock) {
            List<ScriptedOp> pending = new ArrayList<>();
            for (ScriptedOp op : history) {
                if (!op.answered && op.kind != OpKind.CANCEL) {
                    pending.add(op);
                }
            }
            pending.sort(Comparator.comparingLong((ScriptedOp op) -> op.socket).thenComparingLong(op -> op.id));
            return pending;
        }
    }

    /** Every operation started on {@code socket}, in start order. */
    public List<ScriptedOp> operations(long socket) {
        synchronized (lock) {
            return new ArrayList<>(socket(socket).ops);
        }
    }

    /** The bytes of every completed send on {@code socket}, in order: what the peer has read. */
    public byte[] peerReceived(long socket) {
        synchronized (lock) {
            return socket(socket).peerReceived.toByteArray();
        }
    }

    /** Waits until completed sends on {@code socket} have carried at least {@code bytes} bytes to the peer. */
    public void awaitPeerReceived(long socket, int bytes) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (lock) {
            while (socket(socket).peerReceived.size() < bytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("peer of socket " + socket + " has " + socket(socket).peerReceived.size()
                            + " of " + bytes + " bytes; operations: " + socket(socket).ops);
                }
                waitLocked(left);
            }
        }
    }

    /** The socket's close started and the framework has had every one of its completions. */
    public boolean isReleased(long socket) {
        synchronized (lock) {
            return socket(socket).released();
        }
    }

    public boolean closeStarted(long socket) {
        synchronized (lock) {
            return socket(socket).closeStarted;
        }
    }

    /**
     * Waits until every open port's worker is blocked in poll with nothing queued and no wake-up
     * pending: the framework has acted on everything answered so far. Scheduled retries are the
     * caller's to wait for (they come from a timer, which no port can see).
     */
    public void awaitQuiescent() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (lock) {
            while (!quiescent()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("workers did not settle; operations: " + pendingOps());
                }
                waitLocked(left);
            }
        }
    }

    /** Waits until the port's owner thread has ended. */
    public static boolean awaitThreadEnd(Thread thread) throws InterruptedException {
        thread.join(10_000);
        return !thread.isAlive();
    }

    // ------------------------------------------------------------------ called by ports

    void checkOwner(ScriptedPort port, String call) {
        if (Thread.currentThread() != port.owner) {
            synchronized (lock) {
                violation(call + " on " + port + " from " + Thread.currentThread().getName());
            }
        }
    }

    /** The framework asked about a socket it had started closing: its number may name another socket by now. */
    void checkProbe(ScriptedPort port, long socket) {
        synchronized (lock) {
            if (socket(socket).closeStarted) {
                violation("probePeer of socket " + socket + " after its close on " + port);
            }
        }
    }

    long newListener(ScriptedPort port) {
        synchronized (lock) {
            long handle = nextHandle++;
            ScriptedSocket listener = new ScriptedSocket(handle, true);
            listener.port = port;
            sockets.put(handle, listener);
            return handle;
        }
    }

    /** A socket a connect made on {@code port}: associated with it and connected to {@code remote}. */
    long connectedSocket(ScriptedPort port, InetSocketAddress remote) {
        synchronized (lock) {
            long handle = nextHandle++;
            ScriptedSocket socket = new ScriptedSocket(handle, false);
            socket.port = port;
            socket.remote = remote;
            sockets.put(handle, socket);
            return handle;
        }
    }

    /** The address a connect reached, or null for an accepted socket. */
    InetSocketAddress remote(long handle) {
        synchronized (lock) {
            ScriptedSocket socket = sockets.get(handle);
            return socket == null ? null : socket.remote;
        }
    }

    void adopt(ScriptedPort port, long handle) {
        synchronized (lock) {
            ScriptedSocket socket = sockets.get(handle);
            if (socket == null) {
                violation("adopt of unknown socket " + handle);
                return;
            }
            if (socket.closedUnowned) {
                violation("adopt of socket " + handle + " on " + port + " after it was closed");
            }
            if (socket.port != null && socket.port != port) {
                violation("adopt of socket " + handle + " on " + port + ": already associated with " + socket.port);
            }
            socket.port = port;
        }
    }

    ScriptedOp start(ScriptedPort port, OpKind kind, long handle, long token, ByteBuffer[] buffers, int offset, int count) {
        return start(port, kind, handle, token, buffers, offset, count, null);
    }

    ScriptedOp start(ScriptedPort port, OpKind kind, long handle, long token, ByteBuffer[] buffers, int offset, int count,
                     InetSocketAddress remote) {
        checkOwner(port, kind.name());
        synchronized (lock) {
            if (port.closed || port.closedUnderWorker != 0) {
                violation(kind + " on socket " + handle + " started on a closed port " + port);
            }
            ScriptedSocket socket = null;
            if (kind != OpKind.CONNECT) {
                socket = sockets.get(handle);
                if (socket == null) {
                    violation(kind + " on unknown socket " + handle);
                    return null;
                }
                if (socket.port != port) {
                    violation(kind + " on socket " + handle + " from " + port + ", which it is not associated with");
                }
                if (socket.closeStarted) {
                    violation(kind + " on socket " + handle + " after its close started");
                }
                checkNotInFlight(socket, kind);
            }
            if (kind == OpKind.SEND) {
                checkSendBuffers(handle, buffers, offset, count);
            }
            ScriptedOp op = new ScriptedOp(this, port, nextOpId++, kind, handle, token, buffers, offset, count, remote);
            history.add(op);
            if (socket != null) {
                socket.ops.add(op);
            }
            switch (kind) {
                case CANCEL:
                    op.answered = true;
                    op.ended = true;
                    cancel(socket, token);
                    break;
                case CLOSE:
                case CLOSE_LISTENER:
                    socket.closeStarted = true;
                    if (autoClose) {
                        settleClose(socket);
                    }
                    break;
                default:
                    Consumer<ScriptedOp> answer = socket == null ? null : socket.nextAnswer(kind);
                    if (answer == null) {
                        answer = defaultAnswers.get(kind);
                    }
                    if (answer != null) {
                        answer.accept(op);
                    }
                    break;
            }
            lock.notifyAll();
            return op;
        }
    }

    private void checkNotInFlight(ScriptedSocket socket, OpKind kind) {
        if (kind != OpKind.SEND && kind != OpKind.RECEIVE && kind != OpKind.ACCEPT) {
            return;
        }
        ScriptedOp previous = socket.inFlight(kind);
        if (previous != null) {
            violation(kind + " started on socket " + socket.handle + " while " + previous + " is still in flight");
        }
    }

    private void checkSendBuffers(long handle, ByteBuffer[] buffers, int offset, int count) {
        if (count <= 0) {
            violation("send of no buffers on socket " + handle);
            return;
        }
        long total = 0;
        for (int i = offset; i < offset + count; i++) {
            if (!buffers[i].isDirect()) {
                violation("send of a heap buffer on socket " + handle);
            }
            total += buffers[i].remaining();
        }
        if (total == 0) {
            violation("send of 0 bytes on socket " + handle);
        }
    }

    private void cancel(ScriptedSocket socket, long token) {
        for (ScriptedOp op : socket.ops) {
            if (op.token == token && !op.answered && op.kind != OpKind.CANCEL) {
                complete(op, Completions.failure(WinError.ERROR_OPERATION_ABORTED), 0, null, "cancelled (995)");
            }
        }
    }

    /** A kernel's close: the socket's unanswered operations end with 995, then the close completes. */
    private void settleClose(ScriptedSocket socket) {
        ScriptedOp closeOp = null;
        for (ScriptedOp op : new ArrayList<>(socket.ops)) {
            if (op.answered) {
                continue;
            }
            if (op.kind == OpKind.CLOSE || op.kind == OpKind.CLOSE_LISTENER) {
                closeOp = op;
            } else {
                complete(op, Completions.failure(WinError.ERROR_OPERATION_ABORTED), 0, null, "aborted by close (995)");
            }
        }
        if (closeOp != null) {
            complete(closeOp, 0, 0, null, "closed");
        }
    }

    /** Queues a completion for the op's port. Any thread. */
    void complete(ScriptedOp op, long result, int flags, byte[] data, String outcome) {
        synchronized (lock) {
            if (op.answered) {
                throw new IllegalStateException("operation already answered: " + op);
            }
            boolean last = !Completions.more(flags);
            if (op.kind == OpKind.SEND && result >= 0) {
                verifyUnchanged(op, "its completion");
                socket(op.socket).peerReceived.write(op.offered, 0, (int) result);
            }
            op.outcome = outcome;
            if (last) {
                op.answered = true;
            }
            op.port.queue.add(new ScriptedPort.Completion(op, result, flags, data));
            lock.notifyAll();
        }
    }

    /** The kernel reads a send's buffers until it completes: they must be alive, unmoved and unchanged. */
    private void verifyUnchanged(ScriptedOp op, String until) {
        ByteBuffer[] buffers = new ByteBuffer[op.buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = op.buffers[i].get();
            if (buffers[i] == null) {
                violation("send buffer " + i + " of " + op + " became collectable before " + until
                        + ": its memory could be freed while the kernel reads it");
                return;
            }
            if (buffers[i].position() != op.positions[i] || buffers[i].limit() != op.limits[i]) {
                violation("send buffer " + i + " of " + op + " moved before " + until);
                return;
            }
        }
        byte[] now = new byte[op.offered.length];
        int at = 0;
        for (ByteBuffer buffer : buffers) {
            int n = buffer.remaining();
            buffer.duplicate().get(now, at, n);
            at += n;
        }
        if (!Arrays.equals(now, op.offered)) {
            violation("send buffers of " + op + " were written before " + until);
        }
    }

    ScriptedPort.Completion takeForDelivery(ScriptedPort port) {
        synchronized (lock) {
            ScriptedPort.Completion completion = port.queue.pollFirst();
            if (!Completions.more(completion.flags)) {
                completion.op.ended = true;
            }
            lock.notifyAll();
            return completion;
        }
    }

    ScriptedPortClosedException portClosed(int code) {
        metrics.record(ErrorSpace.WINDOWS, code, "scripted GetQueuedCompletionStatusEx");
        return new ScriptedPortClosedException(code, WinError.name(code));
    }

    void closePort(ScriptedPort port) {
        checkOwner(port, "close");
        synchronized (lock) {
            if (port.closed) {
                violation(port + " closed twice");
            }
            if (port.closedUnderWorker == 0) {
                for (ScriptedOp op : history) {
                    if (op.port == port && !op.ended) {
                        violation(port + " closed while " + op + " has not completed");
                    }
                }
            } else {
                reapSendsAtClose(port);
            }
            port.closed = true;
            lock.notifyAll();
        }
    }

    /**
     * A port closed under its worker still has sends the kernel holds; closing it reaps them (as
     * io_uring's close cancels and reaps, and as IOCP's would once their sockets close). Until
     * then their buffers must stay reachable: a full collection here frees any the framework let go.
     */
    private void reapSendsAtClose(ScriptedPort port) {
        List<ScriptedOp> pendingSends = new ArrayList<>();
        for (ScriptedOp op : history) {
            if (op.port == port && op.kind == OpKind.SEND && !op.answered) {
                pendingSends.add(op);
            }
        }
        if (pendingSends.isEmpty()) {
            return;
        }
        System.gc();
        for (ScriptedOp op : pendingSends) {
            verifyUnchanged(op, "its port reaped it");
        }
    }

    // ------------------------------------------------------------------ internals

    private ScriptedSocket socket(long handle) {
        ScriptedSocket socket = sockets.get(handle);
        if (socket == null) {
            throw new IllegalArgumentException("no socket " + handle);
        }
        return socket;
    }

    private boolean isListener(long handle) {
        ScriptedSocket socket = sockets.get(handle);
        return socket != null && socket.listener;
    }

    private boolean quiescent() {
        for (ScriptedPort port : ports) {
            if (port.closed || port.closedUnderWorker != 0) {
                continue;
            }
            if (!port.waiting || !port.queue.isEmpty() || port.wakeupPending) {
                return false;
            }
        }
        return true;
    }

    private void violation(String message) {
        violations.add(message);
    }

    private void waitLocked(long nanos) {
        try {
            lock.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the framework", e);
        }
    }
}

package io.gameport.transport.scripted;

import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.CompletionPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One worker's scripted completion port. Operations are recorded and checked against the
 * {@link CompletionPort} contract (owner thread, one send in flight, one receive armed, nothing
 * after close, the send buffers left alone until their completion); completions are whatever the
 * test answers, queued here and delivered by {@link #poll} on the owner thread.
 *
 * <p>{@code poll(handler, true)} blocks until an answer is queued, {@link #wakeup()} is called, or
 * the test {@link #closeUnderWorker closes the port}; then poll throws
 * {@link ScriptedPortClosedException}, as IOCP's poll does for 6 and 735.
 */
public final class ScriptedPort implements CompletionPort {

    private final ScriptedBackend backend;
    final int index;
    final Thread owner;
    final Deque<Completion> queue = new ArrayDeque<>();
    boolean waiting;
    boolean wakeupPending;
    int closedUnderWorker;
    boolean closed;

    ScriptedPort(ScriptedBackend backend, int index) {
        this.backend = backend;
        this.index = index;
        this.owner = Thread.currentThread();
    }

    /** The thread that opened the port: its worker. */
    public Thread owner() {
        return owner;
    }

    /** True once the framework called {@link #close()}. */
    public boolean isClosed() {
        synchronized (backend.lock) {
            return closed;
        }
    }

    /** Makes the port fail under its worker, as GetQueuedCompletionStatusEx does with 6 or 735. Any thread. */
    public void closeUnderWorker(int code) {
        if (code != WinError.ERROR_INVALID_HANDLE && code != WinError.ERROR_ABANDONED_WAIT_0) {
            throw new IllegalArgumentException("a closed port reports 6 or 735, not " + code);
        }
        synchronized (backend.lock) {
            closedUnderWorker = code;
            backend.lock.notifyAll();
        }
    }

    @Override
    public long listen(InetSocketAddress address, int backlog) throws IOException {
        backend.checkOwner(this, "listen");
        return backend.newListener(this);
    }

    @Override
    public InetSocketAddress localAddress(long handle) {
        return new InetSocketAddress("127.0.0.1", (int) (20_000 + handle % 10_000));
    }

    @Override
    public InetSocketAddress remoteAddress(long socket) {
        InetSocketAddress connectedTo = backend.remote(socket);
        return connectedTo != null ? connectedTo : new InetSocketAddress("127.0.0.1", (int) (40_000 + socket % 10_000));
    }

    @Override
    public void adopt(long socket) throws IOException {
        backend.checkOwner(this, "adopt");
        backend.adopt(this, socket);
    }

    @Override
    public void accept(long listener, long token) {
        backend.start(this, OpKind.ACCEPT, listener, token, null, 0, 0);
    }

    @Override
    public void connect(InetSocketAddress remote, long token) {
        ScriptedOp op = backend.start(this, OpKind.CONNECT, -1, token, null, 0, 0, remote);
        if (remote.isUnresolved()) {
            // The contract: bad input fails this one operation through its completion, never a throw.
            op.fail(WinError.WSAEADDRNOTAVAIL);
        }
    }

    @Override
    public void receive(long socket, long token) {
        backend.start(this, OpKind.RECEIVE, socket, token, null, 0, 0);
    }

    @Override
    public void send(long socket, ByteBuffer[] buffers, int offset, int count, long token) {
        backend.start(this, OpKind.SEND, socket, token, buffers, offset, count);
    }

    private final java.util.List<Long> shutdownOutputs = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void cancel(long socket, long token) {
        backend.start(this, OpKind.CANCEL, socket, token, null, 0, 0);
    }

    /** A scripted socket's half-close always succeeds; the scripts see it through {@link #shutdownOutputs()}. */
    @Override
    public long shutdownOutput(long socket) {
        shutdownOutputs.add(socket);
        return 0;
    }

    /** The sockets half-closed so far, in order. */
    public java.util.List<Long> shutdownOutputs() {
        return shutdownOutputs;
    }

    /** Sockets the test declared dropped by the kernel without a completion: socket -> the code {@link #probePeer} answers. */
    private final java.util.Map<Long, Integer> gone = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.List<Long> probed = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** From now on {@link #probePeer} answers {@code code} for the socket, as io_uring's does for a reset it missed. Any thread. */
    public void peerGone(long socket, int code) {
        gone.put(socket, code);
    }

    /** Sockets the test declared ended by their peer, nothing unread, without a completion. */
    private final java.util.Set<Long> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** From now on {@link #probePeer} answers {@link io.gameport.transport.CompletionPort#PEER_ENDED} for the socket, as io_uring's does for an end of stream its receive missed. Any thread. */
    public void peerEnded(long socket) {
        ended.add(socket);
    }

    /** The sockets asked about so far, in order (one entry per ask). */
    public java.util.List<Long> probed() {
        return probed;
    }

    @Override
    public long probePeer(long socket) {
        backend.checkOwner(this, "probePeer");
        backend.checkProbe(this, socket);
        probed.add(socket);
        Integer code = gone.get(socket);
        if (code == null) {
            return ended.contains(socket) ? PEER_ENDED : 0;
        }
        return io.gameport.transport.Completions.failure(code);
    }

    @Override
    public void close(long socket, long token) {
        backend.start(this, OpKind.CLOSE, socket, token, null, 0, 0);
    }

    @Override
    public void closeListener(long listener, long token) {
        backend.start(this, OpKind.CLOSE_LISTENER, listener, token, null, 0, 0);
    }

    @Override
    public void wakeup() {
        synchronized (backend.lock) {
            wakeupPending = true;
            backend.lock.notifyAll();
        }
    }

    @Override
    public int poll(CompletionHandler handler, boolean block) throws IOException {
        backend.checkOwner(this, "poll");
        int budget;
        synchronized (backend.lock) {
            if (block) {
                while (queue.isEmpty() && !wakeupPending && closedUnderWorker == 0 && !closed) {
                    if (!waiting) {
                        // Only on the change, so that blocked ports do not wake each other in turn.
                        waiting = true;
                        backend.lock.notifyAll();
                    }
                    try {
                        backend.lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                waiting = false;
            }
            if (closedUnderWorker != 0) {
                throw backend.portClosed(closedUnderWorker);
            }
            wakeupPending = false;
            // Only what is queued now: answers given by handlers during this poll wait for the next.
            budget = queue.size();
        }
        int delivered = 0;
        for (; delivered < budget; delivered++) {
            Completion completion = backend.takeForDelivery(this);
            ByteBuffer data = null;
            if (completion.data != null) {
                data = ByteBuffer.allocateDirect(completion.data.length);
                data.put(completion.data).flip();
            }
            handler.onCompletion(completion.op.token, completion.result, completion.flags, data);
            if (data != null) {
                // The data is valid only during the call: scribble over it so a framework keeping
                // a window of it reads garbage and fails its checks.
                for (int i = 0; i < data.capacity(); i++) {
                    data.put(i, (byte) 0xEE);
                }
            }
        }
        return delivered;
    }

    @Override
    public void close() {
        backend.closePort(this);
    }

    @Override
    public String toString() {
        return "scripted port " + index + " of " + owner.getName();
    }

    /** One queued completion. */
    static final class Completion {
        final ScriptedOp op;
        final long result;
        final int flags;
        final byte[] data;

        Completion(ScriptedOp op, long result, int flags, byte[] data) {
            this.op = op;
            this.result = result;
            this.flags = flags;
            this.data = data;
        }
    }
}

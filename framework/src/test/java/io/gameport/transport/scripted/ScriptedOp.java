package io.gameport.transport.scripted;

import io.gameport.transport.Completions;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One operation a framework started on a {@link ScriptedPort}, and the test's handle to answer it
 * the way a kernel would: success, a partial send, received bytes, end of stream, or any error code.
 * An answer queues the completion on the owning port; the port's worker receives it in its next
 * {@link ScriptedPort#poll}. Answering methods may be called from any thread.
 *
 * <p>A receive answered with {@link #receiveMore} stays armed (FLAG_MORE) and can be answered
 * again; every other answer is final.
 */
public final class ScriptedOp {

    final ScriptedBackend backend;
    final ScriptedPort port;
    final long id;
    final OpKind kind;
    final long socket;
    final long token;
    final String thread;
    /** For a connect: the address asked for. */
    final InetSocketAddress remote;

    /**
     * For a send: the bytes offered, copied at start, and the buffers with their windows. The
     * buffers are held weakly, as a kernel holds only their addresses: keeping them alive until
     * the completion is the framework's job, which the backend checks.
     */
    final byte[] offered;
    final WeakReference<ByteBuffer>[] buffers;
    final int[] positions;
    final int[] limits;

    /** The final completion is queued: no other answer is accepted. */
    boolean answered;
    /** The final completion was handed to the framework: the operation is over for it. */
    boolean ended;
    /** How the operation was answered, for messages. */
    String outcome = "pending";

    ScriptedOp(ScriptedBackend backend, ScriptedPort port, long id, OpKind kind, long socket, long token,
               ByteBuffer[] sendBuffers, int offset, int count, InetSocketAddress remote) {
        this.backend = backend;
        this.remote = remote;
        this.port = port;
        this.id = id;
        this.kind = kind;
        this.socket = socket;
        this.token = token;
        this.thread = Thread.currentThread().getName();
        if (sendBuffers == null) {
            offered = null;
            buffers = null;
            positions = null;
            limits = null;
            return;
        }
        ByteBuffer[] strong = Arrays.copyOfRange(sendBuffers, offset, offset + count);
        @SuppressWarnings("unchecked")
        WeakReference<ByteBuffer>[] weak = new WeakReference[count];
        buffers = weak;
        positions = new int[count];
        limits = new int[count];
        int total = 0;
        for (int i = 0; i < count; i++) {
            buffers[i] = new WeakReference<>(strong[i]);
            positions[i] = strong[i].position();
            limits[i] = strong[i].limit();
            total += strong[i].remaining();
        }
        offered = new byte[total];
        int at = 0;
        for (ByteBuffer buffer : strong) {
            int n = buffer.remaining();
            buffer.duplicate().get(offered, at, n);
            at += n;
        }
    }

    /** The port the operation was started on. */
    public ScriptedPort port() {
        return port;
    }

    public OpKind kind() {
        return kind;
    }

    public long socket() {
        return socket;
    }

    public long token() {
        return token;
    }

    /** For a connect: the address the framework asked for. */
    public InetSocketAddress remote() {
        return remote;
    }

    /** For a send: the bytes the framework offered, as they were when it started the send. */
    public byte[] offered() {
        return offered.clone();
    }

    public int offeredBytes() {
        return offered.length;
    }

    /** True until a final answer was given. */
    public boolean isPending() {
        synchronized (backend.lock) {
            return !answered;
        }
    }

    /** A send that the kernel took whole. */
    public void completeSend() {
        requireKind(OpKind.SEND);
        backend.complete(this, offered.length, 0, null, "sent " + offered.length);
    }

    /** A send that the kernel took only {@code bytes} of (a partial send). */
    public void completeSend(int bytes) {
        requireKind(OpKind.SEND);
        if (bytes < 0 || bytes > offered.length) {
            throw new IllegalArgumentException("a send of " + offered.length + " bytes cannot complete with " + bytes);
        }
        backend.complete(this, bytes, 0, null, "sent " + bytes + " of " + offered.length);
    }

    /** A receive that ends with these bytes (the framework re-arms). */
    public void receive(byte[] data) {
        requireKind(OpKind.RECEIVE);
        requireData(data);
        backend.complete(this, data.length, 0, data.clone(), "received " + data.length);
    }

    /** A receive that delivers these bytes and stays armed (FLAG_MORE). */
    public void receiveMore(byte[] data) {
        requireKind(OpKind.RECEIVE);
        requireData(data);
        backend.complete(this, data.length, Completions.FLAG_MORE, data.clone(), "received " + data.length + " (more)");
    }

    /** A 0-byte receive: the peer closed its side gracefully. */
    public void endOfStream() {
        requireKind(OpKind.RECEIVE);
        backend.complete(this, 0, 0, null, "end of stream");
    }

    /** Fails the operation with a native (Windows) error code. */
    public void fail(int code) {
        backend.complete(this, Completions.failure(code), 0, null, "failed " + code);
    }

    /** Completes with a plain result: 0 for a close, a handle for an accept or connect. */
    public void succeed(long result) {
        backend.complete(this, result, 0, null, "succeeded " + result);
    }

    /** Completes a connect with a new socket of the connecting port, connected to the address asked for; returns it. */
    public long completeConnect() {
        requireKind(OpKind.CONNECT);
        long socket = backend.connectedSocket(port, remote);
        backend.complete(this, socket, 0, null, "connected " + socket);
        return socket;
    }

    /** Completes an armed accept with a socket from {@link ScriptedBackend#newSocket()}, keeping it armed or not. */
    public void accept(long newSocket, boolean stayArmed) {
        requireKind(OpKind.ACCEPT);
        backend.complete(this, newSocket, stayArmed ? Completions.FLAG_MORE : 0, null, "accepted " + newSocket);
    }

    private void requireKind(OpKind expected) {
        if (kind != expected) {
            throw new IllegalStateException("op " + this + " is not a " + expected);
        }
    }

    private static void requireData(byte[] data) {
        if (data.length == 0) {
            throw new IllegalArgumentException("a receive with data needs bytes; use endOfStream() for 0");
        }
    }

    @Override
    public String toString() {
        return "#" + id + " " + kind + " socket " + socket + " token 0x" + Long.toHexString(token)
                + (offered == null ? "" : " (" + offered.length + " bytes)") + " on " + thread + ": " + outcome;
    }
}

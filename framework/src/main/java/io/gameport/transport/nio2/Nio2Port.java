package io.gameport.transport.nio2;

import io.gameport.nativeio.linux.Errno;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.DirectMemoryExhaustedException;
import io.gameport.transport.Completions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One I/O worker's port over NIO2's asynchronous channels.
 *
 * <p><b>Threads.</b> NIO2 runs completion handlers on the backend's channel-group threads. Those
 * handlers only fill the operation's reusable record, push it onto this port's lock-free
 * {@link Nio2CompletionQueue} and unpark the owner if it sleeps; {@link #poll} delivers the records
 * on the owner thread. A blocking poll parks ({@link LockSupport#park}) until a record is pushed
 * or {@link #wakeup()} is called; it never polls on a timer. Every method but {@link #wakeup()}
 * belongs to the thread that opened the port.
 *
 * <p><b>Operations, as NIO2 allows them.</b>
 * <ul>
 *   <li>accept and receive are one-shot: {@link Completions#FLAG_MORE} is never set, the caller
 *   re-arms after each completion.</li>
 *   <li>receive borrows a buffer ({@link Nio2Backend#DEFAULT_READ_BUFFER_BYTES} by default) from
 *   this port's pool for as long as the read is pending, because NIO2 has no zero-byte read: an
 *   idle connection with an armed receive holds one buffer; one without holds none.</li>
 *   <li>send writes duplicates of the caller's buffers, so their positions and limits never move.</li>
 *   <li>cancel: NIO2 cannot cancel one operation without closing the channel (the JDK's own
 *   {@code Future.cancel} closes it), so cancelling a pending operation closes the socket's channel:
 *   every pending operation of that socket completes with ECANCELED and the socket is dead. The
 *   handle stays valid until {@link #close}, which still completes once.</li>
 *   <li>close shuts the output down, closes the channel, and delivers the close completion after
 *   every aborted operation's completion.</li>
 *   <li>Failures carry errno values mapped from NIO2's exceptions by {@link Nio2Errors}.</li>
 * </ul>
 *
 * <p><b>Ownership.</b> A socket belongs to the port that accepted or connected it until another
 * port {@link #adopt adopts} it; operations on a socket this port does not own complete with
 * EBADF. Once this port is closed, nothing more is delivered: records finishing late are
 * discarded (sockets they carry are closed). A record whose operation finishes in the instant the
 * owner closes the port may instead stay in the dead queue; a socket it carries is then closed by
 * {@link Nio2Backend#close()} (the group's shutdown closes every channel it still has).
 *
 * <p><b>Allocation.</b> Receives, sends, accepts and closes reuse per-socket records and pooled
 * buffers; what remains per operation is NIO2's own (boxed results, its internal tasks) and the
 * boxed {@code Long} key of a handle lookup, which escape analysis usually removes. A fallback
 * backend may afford that; the native backends do not.
 */
public final class Nio2Port implements CompletionPort {

    /** Bounds one poll so a flood of completions cannot starve the worker's other duties. */
    static final int MAX_COMPLETIONS_PER_POLL = 1024;

    private final Nio2Backend backend;
    private final Nio2HandleTable handles;
    private final Thread ownerThread;
    private final Nio2CompletionQueue queue = new Nio2CompletionQueue();
    private final Nio2ReadBufferPool readBuffers;
    /** True while the owner is about to park or parked; producers unpark only then. */
    private volatile boolean sleeping;
    private volatile boolean wakeRequested;
    private volatile boolean closed;

    Nio2Port(Nio2Backend backend, Nio2HandleTable handles, Nio2ReadBufferPool readBuffers) {
        this.backend = backend;
        this.handles = handles;
        this.readBuffers = readBuffers;
        this.ownerThread = Thread.currentThread();
    }

    @Override
    public long listen(InetSocketAddress address, int backlog) throws IOException {
        AsynchronousServerSocketChannel channel = AsynchronousServerSocketChannel.open(backend.group());
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            backend.configure(channel);
            channel.bind(address, backlog);
        } catch (IOException | RuntimeException e) {
            backend.closeUnregistered(channel, "listener that could not bind " + address);
            throw e;
        }
        Nio2Listener listener = new Nio2Listener(handles.nextHandle(), this, channel);
        handles.put(listener);
        return listener.handle;
    }

    @Override
    public InetSocketAddress localAddress(long handle) throws IOException {
        Nio2Channel channel = handles.get(handle);
        if (channel == null) {
            throw new IOException("unknown nio2 handle " + handle);
        }
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress(long socket) {
        return handles.get(socket) instanceof Nio2Socket s ? s.remote : null;
    }

    @Override
    public void adopt(long socket) throws IOException {
        if (!(handles.get(socket) instanceof Nio2Socket s)) {
            throw new IOException("unknown nio2 socket handle " + socket);
        }
        s.owner = this;
    }

    @Override
    public void accept(long listener, long token) {
        if (!(handles.get(listener) instanceof Nio2Listener l) || l.owner != this) {
            failNow(token, Errno.EBADF);
            return;
        }
        Nio2AcceptOp op = l.acceptOp;
        if (op.busy) {
            failNow(token, Errno.EALREADY);
            return;
        }
        op.start(this, token);
        l.beginOperation();
        try {
            l.channel.accept(l, op);
        } catch (RuntimeException e) {
            op.failed(e, l);
        }
    }

    @Override
    public void connect(InetSocketAddress remote, long token) {
        AsynchronousSocketChannel channel = null;
        try {
            channel = AsynchronousSocketChannel.open(backend.group());
            backend.configure(channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                backend.closeUnregistered(channel, "socket that could not be configured for " + remote);
            }
            failNow(token, Nio2Errors.errno(e));
            return;
        }
        Nio2ConnectOp op = new Nio2ConnectOp(this, token, channel, remote);
        try {
            channel.connect(remote, null, op);
        } catch (RuntimeException e) {
            op.failed(e, null);
        }
    }

    @Override
    public void receive(long socket, long token) {
        Nio2Socket s = ownedSocket(socket, token);
        if (s == null) {
            return;
        }
        Nio2ReadOp op = s.readOp;
        if (op.busy) {
            failNow(token, Errno.EALREADY);
            return;
        }
        ByteBuffer buffer;
        try {
            buffer = readBuffers.acquire();
        } catch (OutOfMemoryError e) {
            // Nothing started: the connection that asked is closed, the worker goes on.
            throw new DirectMemoryExhaustedException(readBuffers.bufferBytes(), e);
        }
        op.start(this, token, buffer);
        s.beginOperation();
        try {
            s.channel.read(op.buffer, s, op);
        } catch (RuntimeException e) {
            op.failed(e, s);
        }
    }

    @Override
    public void send(long socket, ByteBuffer[] buffers, int offset, int count, long token) {
        Nio2Socket s = ownedSocket(socket, token);
        if (s == null) {
            return;
        }
        Nio2WriteOp op = s.writeOp;
        if (op.busy) {
            failNow(token, Errno.EALREADY);
            return;
        }
        ByteBuffer[] views = s.duplicatesOf(buffers, offset, count);
        op.start(this, token);
        s.beginOperation();
        try {
            // a timeout of 0 means none
            s.channel.write(views, 0, count, 0L, TimeUnit.MILLISECONDS, s, op);
        } catch (RuntimeException e) {
            op.failed(e, s);
        }
    }

    @Override
    public void cancel(long socket, long token) {
        Nio2Channel channel = handles.get(socket);
        if (channel == null || channel.owner != this || !channel.isPending(token)) {
            return; // nothing pending under that token: nothing to abort
        }
        try {
            channel.closeChannel();
        } catch (IOException e) {
            backend.recordFailure(e, "close of nio2 handle " + socket + " to cancel an operation");
        }
    }

    @Override
    public long shutdownOutput(long socket) {
        if (!(handles.get(socket) instanceof Nio2Socket s) || s.owner != this) {
            return Completions.failure(Errno.EBADF);
        }
        try {
            s.channel.shutdownOutput();
            return 0;
        } catch (IOException e) {
            return Completions.failure(Nio2Errors.errno(e));
        }
    }

    @Override
    public void close(long socket, long token) {
        if (!(handles.get(socket) instanceof Nio2Socket s) || s.owner != this || handles.remove(socket) == null) {
            failNow(token, Errno.EBADF);
            return;
        }
        try {
            s.channel.shutdownOutput();
        } catch (IOException e) {
            // the peer may have reset first, or cancel closed the channel already; record, then close anyway
            backend.recordFailure(e, "shutdown of nio2 socket " + socket);
        }
        try {
            s.closeChannel();
        } catch (IOException e) {
            backend.recordFailure(e, "close of nio2 socket " + socket);
        }
        s.requestClose(this, token);
    }

    @Override
    public void closeListener(long listener, long token) {
        if (!(handles.get(listener) instanceof Nio2Listener l) || l.owner != this || handles.remove(listener) == null) {
            failNow(token, Errno.EBADF);
            return;
        }
        try {
            l.closeChannel();
        } catch (IOException e) {
            backend.recordFailure(e, "close of nio2 listener " + listener);
        }
        l.requestClose(this, token);
    }

    @Override
    public void wakeup() {
        wakeRequested = true;
        // Dekker pairing with poll: volatile store of wakeRequested, then load of sleeping
        if (sleeping) {
            LockSupport.unpark(ownerThread);
        }
    }

    @Override
    public int poll(CompletionHandler handler, boolean block) throws IOException {
        if (closed) {
            throw new IOException("nio2 port is closed");
        }
        int delivered = drain(handler);
        if (delivered > 0 || !block) {
            return delivered;
        }
        while (true) {
            if (wakeRequested) {
                wakeRequested = false;
                return drain(handler);
            }
            sleeping = true;
            // re-check after publishing sleeping: a producer that pushed before seeing it set
            // left its record visible to this check; one that pushes after will unpark us
            if (queue.isEmpty() && !wakeRequested) {
                LockSupport.park(this);
            }
            sleeping = false;
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for nio2 completions");
            }
            delivered = drain(handler);
            if (delivered > 0) {
                return delivered;
            }
        }
    }

    /** Releases the port once: queued completions are discarded, pooled buffers dropped. Owner thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Nio2Completion record;
        while ((record = queue.poll()) != null) {
            record.discard();
        }
        readBuffers.clear();
    }

    /** Queues a finished operation for the owner. Any thread; allocation-free. */
    void enqueue(Nio2Completion record) {
        if (closed) {
            record.discard();
            return;
        }
        queue.push(record);
        // Dekker pairing with poll: volatile exchange in push, then load of sleeping
        if (sleeping) {
            LockSupport.unpark(ownerThread);
        }
    }

    /** Registers a socket accepted or connected for this port; returns its handle. Owner thread. */
    long register(AsynchronousSocketChannel channel, InetSocketAddress remote) {
        Nio2Socket socket = new Nio2Socket(handles.nextHandle(), this, channel, remote);
        handles.put(socket);
        return socket.handle;
    }

    Nio2Backend backend() {
        return backend;
    }

    Nio2ReadBufferPool readBuffers() {
        return readBuffers;
    }

    private int drain(CompletionHandler handler) {
        int delivered = 0;
        Nio2Completion record;
        while (delivered < MAX_COMPLETIONS_PER_POLL && (record = queue.poll()) != null) {
            delivered++;
            record.deliver(handler);
        }
        return delivered;
    }

    private Nio2Socket ownedSocket(long socket, long token) {
        if (handles.get(socket) instanceof Nio2Socket s && s.owner == this) {
            return s;
        }
        failNow(token, Errno.EBADF);
        return null;
    }

    private void failNow(long token, int errno) {
        enqueue(new Nio2ImmediateOp(this, token, Completions.failure(errno)));
    }
}

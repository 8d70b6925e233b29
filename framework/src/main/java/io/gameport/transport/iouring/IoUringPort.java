package io.gameport.transport.iouring;

import static io.gameport.transport.iouring.OperationTable.ACCEPT;
import static io.gameport.transport.iouring.OperationTable.CANCEL;
import static io.gameport.transport.iouring.OperationTable.CLOSE;
import static io.gameport.transport.iouring.OperationTable.CLOSE_LISTENER;
import static io.gameport.transport.iouring.OperationTable.CONNECT;
import static io.gameport.transport.iouring.OperationTable.RECEIVE;
import static io.gameport.transport.iouring.OperationTable.SEND;
import static io.gameport.transport.iouring.OperationTable.SENDMSG;
import static io.gameport.transport.iouring.OperationTable.STATE_BACKOFF;
import static io.gameport.transport.iouring.OperationTable.STATE_CLOSING;
import static io.gameport.transport.iouring.OperationTable.STATE_DEFERRED;
import static io.gameport.transport.iouring.OperationTable.STATE_STARVED;
import static io.gameport.transport.iouring.OperationTable.SUB_ACCEPT_TIMER;
import static io.gameport.transport.iouring.OperationTable.SUB_CLOSE_CANCEL;
import static io.gameport.transport.iouring.OperationTable.SUB_CLOSE_SHUTDOWN;
import static io.gameport.transport.iouring.OperationTable.SUB_MAIN;
import static io.gameport.transport.iouring.OperationTable.WAKE;

import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.IoUringConstants;
import io.gameport.nativeio.linux.IovecLayout;
import io.gameport.nativeio.linux.KernelTimespecLayout;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.MsghdrLayout;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The io_uring {@link CompletionPort}: one ring per I/O worker, driven entirely from Java through
 * the mapped SQ/CQ rings, with one io_uring_enter per {@link #poll} (submit and wait together).
 *
 * <h2>How the SPI maps onto io_uring</h2>
 * <ul>
 *   <li>{@link #receive}: a multishot RECV selecting from the port's provided buffer ring, so an
 *   idle socket holds no buffer. The data is delivered as a pre-built view of the chosen buffer,
 *   which goes back to the ring as soon as the handler returns. When the ring is empty the kernel
 *   ends the receive with ENOBUFS; the port does <em>not</em> deliver that: it counts it
 *   ({@link #bufferStarvations()}, and one ENOBUFS in {@link ErrorMetrics} per episode) and re-arms the receive in a later poll once buffers were recycled (the data waits in the socket),
 *   so the caller only ever sees data, end of stream, or a real error.</li>
 *   <li>{@link #accept}: a multishot ACCEPT. The port keeps it armed for as long as the listener
 *   lives: a completion always carries {@link Completions#FLAG_MORE} until the listener is closed
 *   or fails for good (EBADF, EINVAL, ENOTSOCK, EFAULT, EOPNOTSUPP). Per-connection errors
 *   (ECONNABORTED, ...) re-arm at once; running out of descriptors or memory (EMFILE, ENFILE,
 *   ENOBUFS, ENOMEM, and anything else unexpected) re-arms after
 *   {@link IoUringConfig#acceptRetryDelayMs()} through a TIMEOUT, so a full descriptor table
 *   cannot spin the worker. Such errors are recorded in {@link ErrorMetrics}, not delivered.
 *   {@link SocketOptions} are applied to each accepted socket before it is delivered.</li>
 *   <li>{@link #send}: SEND for one buffer, SENDMSG with an iovec array for several (at most
 *   {@link IoUringConfig#maxSendBuffers()}; more completes as a partial send), MSG_NOSIGNAL.
 *   The msghdr and iovecs live in a native block freed only when the send's CQE is reaped.</li>
 *   <li>{@link #connect}: socket(2) now, then CONNECT with the sockaddr in a native block. On
 *   failure the port closes the descriptor it created. A connect can be cancelled with
 *   {@code cancel(-1, token)} since its handle is not known before it completes.</li>
 *   <li>{@link #close}: ASYNC_CANCEL(fd, ALL) → SHUTDOWN(SHUT_WR) → CLOSE, hard-linked so each
 *   runs even when the previous fails; every cancelled operation completes with -ECANCELED, the
 *   close completes with CLOSE's result. {@link #closeListener} is the same without SHUTDOWN.
 *   ENOENT from the cancel (nothing was pending) and ENOTCONN from the shutdown (the peer reset
 *   first, which its receive reported) are expected outcomes of the chain and not recorded.
 *   Until the CLOSE completes, operations started on that socket complete at once with
 *   -ECANCELED and a second close with -EBADF, without reaching the kernel: after the CLOSE the
 *   descriptor number may already belong to a new socket. When the kernel hands the number out
 *   again (accept, connect's socket(2), listen, a socket adopted from another ring) before the
 *   CLOSE's completion is reaped, the mark goes then: it belonged to the old socket.</li>
 *   <li>{@link #wakeup}: an eventfd with a READ kept armed; see {@link Waker} for how many
 *   wake-ups collapse into at most one write. Wake-ups are never delivered.</li>
 *   <li>Starting an operation never makes a syscall unless the SQ is full (then the SQ is
 *   submitted early; if the kernel still cannot take it, the operation waits in a backlog that
 *   the next poll drains first, in order).</li>
 * </ul>
 *
 * <h2>Threads and ownership</h2>
 * Created by {@link IoUringBackend#openPort()} on the worker thread that owns it (the ring is
 * SINGLE_ISSUER). Every method but {@link #wakeup()} must be called by that thread; {@link #poll}
 * checks it. Handles are file descriptors.
 */
public final class IoUringPort implements CompletionPort {

    private static final Logger LOG = LoggerFactory.getLogger(IoUringPort.class);

    private static final long CLOSE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The msghdr sits at the start of a send block, the iovec array 64 bytes in (msghdr is 56). */
    private static final int IOVEC_ARRAY_OFFSET = 64;

    // Constant contexts: recording an error allocates nothing beyond ErrorMetrics' first counter.
    private static final String CTX_RECEIVE_STARVED =
            "io_uring provided buffer ring empty: receives wait for recycled buffers (consider a larger bufferCount)";
    private static final String CTX_ACCEPT = "io_uring multishot accept (listener stays armed)";
    private static final String CTX_ACCEPT_TIMER = "io_uring accept back-off timer";
    private static final String CTX_ACCEPT_OPTIONS = "setsockopt on accepted socket";
    private static final String CTX_CONNECT_OPTIONS = "setsockopt on connecting socket";
    private static final String CTX_CLOSE_CANCEL = "io_uring close: cancel of pending operations";
    private static final String CTX_CLOSE_SHUTDOWN = "io_uring close: shutdown";
    private static final String CTX_CANCEL = "io_uring cancel";
    private static final String CTX_WAKE = "io_uring wake-up eventfd read";
    private static final String CTX_WAKE_WRITE = "io_uring wake-up eventfd write";
    private static final String CTX_ENTER = "io_uring_enter";
    private static final String CTX_CONNECT_CLOSE = "close of a socket whose connect failed";

    private final IoUringConfig config;
    private final SocketOptions options;
    private final ErrorMetrics metrics;
    private final Thread owner;
    private final IoUringRing ring;
    private final ProvidedBufferRing buffers;
    private final OperationTable ops = new OperationTable(256);
    private final NativeBlockPool blocks;
    private final SocketCalls sockets;
    private final Waker waker;
    /** Slots completed without a CQE, delivered at the start of the next poll. */
    private final IntQueue deferred = new IntQueue(64);
    /** Receives ended by ENOBUFS, re-armed once buffers were recycled. */
    private final IntQueue starved = new IntQueue(64);
    private final int wakeSlot;
    private final FdTable fds = new FdTable();
    private final Submitter submitter;
    private long pollCount;
    private long lastStarvationPoll = Long.MIN_VALUE / 2;
    private boolean closed;
    private boolean leftOperationsInKernel;
    private int lastDropped;

    private long unknownCompletions;
    private long bufferStarvations;
    private long enterCalls;

    private IoUringPort(IoUringConfig config, SocketOptions options, ErrorMetrics metrics, IoUringRing ring,
                        ProvidedBufferRing buffers, Waker waker, SocketCalls sockets) {
        this.config = config;
        this.options = options;
        this.metrics = metrics;
        this.owner = Thread.currentThread();
        this.ring = ring;
        this.buffers = buffers;
        this.waker = waker;
        this.sockets = sockets;
        this.blocks = new NativeBlockPool(IOVEC_ARRAY_OFFSET + IovecLayout.SIZE * config.maxSendBuffers());
        this.submitter = new Submitter(ring, ops, blocks, metrics, waker);
        this.wakeSlot = ops.allocate(WAKE, waker.eventFd, 0);
        queue(wakeSlot);
    }

    /** Creates a port owned by the calling thread. */
    static IoUringPort open(IoUringConfig config, SocketOptions options, ErrorMetrics metrics) throws IOException {
        IoUringRing ring = IoUringRing.open(config.submissionQueueEntries(), config.completionQueueEntries(),
                config.taskRunMode());
        ProvidedBufferRing buffers = null;
        Waker waker = null;
        SocketCalls sockets = null;
        try {
            ring.registerRingFd();
            buffers = new ProvidedBufferRing(ring.fd, Submitter.BUFFER_GROUP, config.bufferCount(), config.bufferSizeBytes());
            waker = new Waker();
            sockets = new SocketCalls();
            IoUringPort port = new IoUringPort(config, options, metrics, ring, buffers, waker, sockets);
            LOG.debug("io_uring port on {}: ring fd {} ({}), {} SQ / {} CQ entries, {} x {} B buffers",
                    port.owner.getName(), ring.fd, ring.describeFlags(), ring.sqEntries, ring.cqEntries,
                    config.bufferCount(), config.bufferSizeBytes());
            return port;
        } catch (IOException | RuntimeException e) {
            if (sockets != null) {
                sockets.close();
            }
            if (waker != null) {
                waker.close();
            }
            if (buffers != null) {
                buffers.close();
            }
            ring.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ synchronous calls

    @Override
    public long listen(InetSocketAddress address, int backlogLength) throws IOException {
        int listener = sockets.listen(address, backlogLength);
        fds.reused(listener);
        return listener;
    }

    @Override
    public InetSocketAddress localAddress(long handle) throws IOException {
        return sockets.localAddress(fd(handle));
    }

    @Override
    public InetSocketAddress remoteAddress(long socket) {
        return sockets.remoteAddress(fd(socket));
    }

    /**
     * An io_uring ring can operate on any descriptor of the process; but this port may still mark
     * the number as closing (its own close ran, its completion is not reaped yet, and another
     * ring's accept got the number): the mark belongs to the old socket.
     */
    @Override
    public void adopt(long socket) {
        fds.reused(fd(socket));
    }

    // ------------------------------------------------------------------ operations

    @Override
    public void accept(long listener, long token) {
        int fd = fd(listener);
        if (fds.closing(fd)) {
            completeLater(ops.allocate(ACCEPT, -1, token), Errno.ECANCELED);
            return;
        }
        int slot = ops.allocate(ACCEPT, fd, token);
        bindArmed(fd, slot);
        queue(slot);
    }

    @Override
    public void connect(InetSocketAddress remote, long token) {
        if (remote.isUnresolved()) {
            // A failed name lookup is bad input for this one connect, never a reason to throw
            // into the worker: it completes like any other failed connect.
            completeLater(ops.allocate(CONNECT, -1, token), Errno.EADDRNOTAVAIL);
            return;
        }
        int fd = sockets.clientSocket(remote);
        if (fd < 0) {
            completeLater(ops.allocate(CONNECT, -1, token), -fd);
            return;
        }
        fds.reused(fd);
        int e = sockets.apply(fd, options);
        if (e != 0) {
            metrics.record(ErrorSpace.ERRNO, e, CTX_CONNECT_OPTIONS);
        }
        int block;
        try {
            block = blocks.allocate();
        } catch (IOException oom) {
            closeOwnSocket(fd);
            completeLater(ops.allocate(CONNECT, -1, token), Errno.ENOMEM);
            return;
        }
        int length = Sockaddrs.write(blocks.view(block), blocks.offset(block), remote);
        int slot = ops.allocate(CONNECT, fd, token);
        ops.block(slot, block);
        ops.length(slot, length);
        queue(slot);
    }

    @Override
    public void receive(long socket, long token) {
        int fd = fd(socket);
        if (fds.closing(fd)) {
            completeLater(ops.allocate(RECEIVE, -1, token), Errno.ECANCELED);
            return;
        }
        int slot = ops.allocate(RECEIVE, fd, token);
        bindArmed(fd, slot);
        queue(slot);
    }

    @Override
    public void send(long socket, ByteBuffer[] buffers, int offset, int count, long token) {
        int fd = fd(socket);
        if (count < 0 || offset < 0 || offset + count > buffers.length) {
            throw new IndexOutOfBoundsException("buffers[" + offset + " .. " + (offset + count) + ") of " + buffers.length);
        }
        if (fds.closing(fd)) {
            completeLater(ops.allocate(SEND, -1, token), Errno.ECANCELED);
            return;
        }
        if (count <= 1) {
            long address = 0;
            int length = 0;
            if (count == 1) {
                ByteBuffer b = buffers[offset];
                address = DirectBufferAddress.of(b) + b.position();
                length = b.remaining();
            }
            int slot = ops.allocate(SEND, fd, token);
            ops.argument(slot, address);
            ops.length(slot, length);
            queue(slot);
            return;
        }
        int n = Math.min(count, config.maxSendBuffers());
        for (int i = 0; i < n; i++) {
            if (!buffers[offset + i].isDirect()) {
                throw new IllegalArgumentException("send buffers must be direct: the kernel reads them after the call returns");
            }
        }
        int block;
        try {
            block = blocks.allocate();
        } catch (IOException oom) {
            completeLater(ops.allocate(SEND, fd, token), Errno.ENOMEM);
            return;
        }
        ByteBuffer view = blocks.view(block);
        int at = blocks.offset(block);
        long iovecs = blocks.address(block) + IOVEC_ARRAY_OFFSET;
        view.putLong(at + MsghdrLayout.NAME_OFFSET, 0L);
        view.putLong(at + MsghdrLayout.NAMELEN_OFFSET, 0L);
        view.putLong(at + MsghdrLayout.IOV_OFFSET, iovecs);
        view.putLong(at + MsghdrLayout.IOVLEN_OFFSET, n);
        view.putLong(at + MsghdrLayout.CONTROL_OFFSET, 0L);
        view.putLong(at + MsghdrLayout.CONTROLLEN_OFFSET, 0L);
        view.putLong(at + MsghdrLayout.FLAGS_OFFSET, 0L);
        for (int i = 0; i < n; i++) {
            ByteBuffer b = buffers[offset + i];
            int iov = at + IOVEC_ARRAY_OFFSET + i * IovecLayout.SIZE;
            view.putLong(iov + IovecLayout.BASE_OFFSET, DirectBufferAddress.of(b) + b.position());
            view.putLong(iov + IovecLayout.LEN_OFFSET, b.remaining());
        }
        int slot = ops.allocate(SENDMSG, fd, token);
        ops.block(slot, block);
        queue(slot);
    }

    /**
     * Cancels the operation started with {@code token} on {@code socket} (for a connect, whose
     * handle is not known yet, pass -1). It then completes with -ECANCELED, unless it completed
     * first. Finding it scans the in-flight table: meant for rare use (timeouts), not per message.
     */
    @Override
    public void cancel(long socket, long token) {
        int fd = socket < 0 ? -1 : fd(socket);
        int capacity = ops.capacity();
        for (int slot = 0; slot < capacity; slot++) {
            byte kind = ops.kind(slot);
            if (kind != RECEIVE && kind != ACCEPT && kind != SEND && kind != SENDMSG && kind != CONNECT) {
                continue;
            }
            if (ops.token(slot) != token) {
                continue;
            }
            if (ops.fd(slot) == fd || (kind == CONNECT && socket < 0)) {
                abort(slot);
            }
        }
    }

    @Override
    public void close(long socket, long token) {
        int fd = fd(socket);
        if (fds.closing(fd)) {
            completeLater(ops.allocate(CLOSE, -1, token), Errno.EBADF);
            return;
        }
        abortArmed(fd);
        int slot = ops.allocate(CLOSE, fd, token);
        fds.startClosing(fd, slot);
        ops.length(slot, 3);
        queue(slot);
    }

    @Override
    public void closeListener(long listener, long token) {
        int fd = fd(listener);
        if (fds.closing(fd)) {
            completeLater(ops.allocate(CLOSE_LISTENER, -1, token), Errno.EBADF);
            return;
        }
        abortArmed(fd);
        int slot = ops.allocate(CLOSE_LISTENER, fd, token);
        fds.startClosing(fd, slot);
        ops.length(slot, 2);
        queue(slot);
    }

    @Override
    public void wakeup() {
        waker.wakeup();
    }

    // ------------------------------------------------------------------ poll

    @Override
    public int poll(CompletionHandler handler, boolean block) throws IOException {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("io_uring port polled by " + Thread.currentThread().getName()
                    + " but owned by " + owner.getName());
        }
        if (closed) {
            throw new IllegalStateException("io_uring port is closed");
        }
        pollCount++;
        int delivered = deliverDeferred(handler);
        submitter.drainBacklog();
        boolean wait = block && delivered == 0 && deferred.isEmpty() && ring.cqReady() == 0;
        boolean sleeping = wait && waker.prepareToSleep();
        try {
            enter(sleeping);
        } finally {
            if (sleeping) {
                waker.awake();
            }
        }
        try {
            delivered += reap(handler);
        } finally {
            boolean recycled = buffers.publish();
            rearmStarved(recycled);
            submitter.drainBacklog();
            checkKernelHealth();
        }
        return delivered;
    }

    private void enter(boolean wait) throws IOException {
        if (!wait && ring.sqPending() == 0 && !ring.needsGetEvents()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            int r = ring.enter(wait ? 1 : 0, true);
            enterCalls++;
            if (r >= 0) {
                return;
            }
            int errno = -r;
            if (errno == Errno.EINTR && attempt < 64) {
                continue;
            }
            if (errno == Errno.EBUSY || errno == Errno.EAGAIN || errno == Errno.EINTR) {
                // The kernel cannot take more until completions are reaped: reap now, the SQEs stay queued.
                metrics.record(ErrorSpace.ERRNO, errno, CTX_ENTER);
                return;
            }
            metrics.record(ErrorSpace.ERRNO, errno, CTX_ENTER);
            throw new IOException("io_uring_enter failed: " + Errno.name(errno));
        }
    }

    private int reap(CompletionHandler handler) {
        int head = ring.cqHead();
        int tail = ring.cqTailAcquire();
        int delivered = 0;
        int budget = ring.cqEntries;
        try {
            while (head != tail && budget-- > 0) {
                long userData = ring.cqeUserData(head);
                int res = ring.cqeResult(head);
                int flags = ring.cqeFlags(head);
                head++;
                delivered += dispatch(userData, res, flags, handler);
                if (head == tail) {
                    tail = ring.cqTailAcquire();
                }
            }
        } finally {
            ring.releaseCqHead(head);
        }
        return delivered;
    }

    private int dispatch(long userData, int res, int flags, CompletionHandler handler) {
        int slot = ops.slotOf(userData);
        if (slot < 0) {
            onUnknown(userData, res, flags);
            return 0;
        }
        switch (ops.kind(slot)) {
            case RECEIVE:
                return onReceive(slot, res, flags, handler);
            case SEND:
            case SENDMSG:
                return onSend(slot, res, handler);
            case ACCEPT:
                return onAccept(slot, OperationTable.subOperation(userData), res, flags, handler);
            case CONNECT:
                return onConnect(slot, res, handler);
            case CLOSE:
            case CLOSE_LISTENER:
                return onClose(slot, OperationTable.subOperation(userData), res, handler);
            case CANCEL:
                onCancelled(slot, res);
                return 0;
            case WAKE:
                onWake(res);
                return 0;
            default:
                onUnknown(userData, res, flags);
                return 0;
        }
    }

    private int onReceive(int slot, int res, int flags, CompletionHandler handler) {
        long token = ops.token(slot);
        boolean more = (flags & IoUringConstants.IORING_CQE_F_MORE) != 0;
        if ((flags & IoUringConstants.IORING_CQE_F_BUFFER) != 0) {
            int bid = flags >>> IoUringConstants.IORING_CQE_BUFFER_SHIFT;
            if (!more) {
                finishArmed(slot);
            }
            try {
                handler.onCompletion(token, res, more ? Completions.FLAG_MORE : 0, res > 0 ? buffers.view(bid, res) : null);
            } finally {
                buffers.recycle(bid);
            }
            return 1;
        }
        if (res == -Errno.ENOBUFS && !more) {
            bufferStarvations++;
            if (ops.has(slot, STATE_CLOSING)) {
                finishArmed(slot);
                handler.onCompletion(token, -Errno.ECANCELED, 0, null);
                return 1;
            }
            // The data stays in the socket; re-arm once the handlers have given buffers back.
            // Recorded once per episode (a run of consecutive polls with starved receives): under
            // load one empty ring starves many sockets at once, and a log line each would drown the log.
            if (pollCount - lastStarvationPoll > 1) {
                metrics.record(ErrorSpace.ERRNO, Errno.ENOBUFS, CTX_RECEIVE_STARVED);
            }
            lastStarvationPoll = pollCount;
            ops.set(slot, STATE_STARVED);
            ops.result(slot, pollCount);
            starved.add(slot);
            return 0;
        }
        if (!more) {
            finishArmed(slot);
        }
        handler.onCompletion(token, res, more ? Completions.FLAG_MORE : 0, null);
        return 1;
    }

    private int onSend(int slot, int res, CompletionHandler handler) {
        long token = ops.token(slot);
        releaseBlock(slot);
        ops.free(slot);
        handler.onCompletion(token, res, 0, null);
        return 1;
    }

    private int onAccept(int slot, int sub, int res, int flags, CompletionHandler handler) {
        long token = ops.token(slot);
        boolean closing = ops.has(slot, STATE_CLOSING);
        if (sub == SUB_ACCEPT_TIMER) {
            ops.clear(slot, STATE_BACKOFF);
            releaseBlock(slot);
            if (res != -Errno.ETIME && res != -Errno.ECANCELED && res < 0) {
                metrics.record(ErrorSpace.ERRNO, -res, CTX_ACCEPT_TIMER);
            }
            if (closing) {
                finishArmed(slot);
                handler.onCompletion(token, -Errno.ECANCELED, 0, null);
                return 1;
            }
            queue(slot);
            return 0;
        }
        boolean more = (flags & IoUringConstants.IORING_CQE_F_MORE) != 0;
        if (res >= 0) {
            // The number may be one whose close this port has not reaped yet: it is the new socket's now.
            fds.reused(res);
            int e = sockets.apply(res, options);
            if (e != 0) {
                metrics.record(ErrorSpace.ERRNO, e, CTX_ACCEPT_OPTIONS);
            }
            if (!more) {
                if (closing) {
                    finishArmed(slot);
                } else {
                    // The kernel ended the multishot without an error (e.g. CQ overflow): keep listening.
                    queue(slot);
                    more = true;
                }
            }
            handler.onCompletion(token, res, more ? Completions.FLAG_MORE : 0, null);
            return 1;
        }
        int errno = -res;
        if (more) {
            metrics.record(ErrorSpace.ERRNO, errno, CTX_ACCEPT);
            return 0;
        }
        if (errno == Errno.ECANCELED || closing || endsListener(errno)) {
            if (errno != Errno.ECANCELED && closing) {
                metrics.record(ErrorSpace.ERRNO, errno, CTX_ACCEPT);
            }
            finishArmed(slot);
            handler.onCompletion(token, closing ? -Errno.ECANCELED : res, 0, null);
            return 1;
        }
        metrics.record(ErrorSpace.ERRNO, errno, CTX_ACCEPT);
        if (errno == Errno.ECONNABORTED || errno == Errno.ECONNRESET || errno == Errno.EINTR || errno == Errno.EAGAIN) {
            queue(slot);
            return 0;
        }
        startAcceptBackoff(slot);
        return 0;
    }

    /** Errors that mean the listener itself is unusable, so re-arming would fail forever. */
    private static boolean endsListener(int errno) {
        return errno == Errno.EBADF || errno == Errno.EINVAL || errno == Errno.ENOTSOCK
                || errno == Errno.EFAULT || errno == Errno.EOPNOTSUPP;
    }

    private void startAcceptBackoff(int slot) {
        int block;
        try {
            block = blocks.allocate();
        } catch (IOException oom) {
            // Without memory for the timespec the best left is to re-arm at the next poll.
            queue(slot);
            return;
        }
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(config.acceptRetryDelayMs());
        ByteBuffer view = blocks.view(block);
        int at = blocks.offset(block);
        view.putLong(at + KernelTimespecLayout.TV_SEC_OFFSET, delayNanos / 1_000_000_000L);
        view.putLong(at + KernelTimespecLayout.TV_NSEC_OFFSET, delayNanos % 1_000_000_000L);
        ops.block(slot, block);
        ops.set(slot, STATE_BACKOFF);
        queue(slot);
    }

    private int onConnect(int slot, int res, CompletionHandler handler) {
        long token = ops.token(slot);
        int fd = ops.fd(slot);
        releaseBlock(slot);
        ops.free(slot);
        if (res >= 0) {
            handler.onCompletion(token, fd, 0, null);
        } else {
            closeOwnSocket(fd);
            handler.onCompletion(token, res, 0, null);
        }
        return 1;
    }

    private int onClose(int slot, int sub, int res, CompletionHandler handler) {
        long token = ops.token(slot);
        int remaining = ops.length(slot) - 1;
        ops.length(slot, remaining);
        if (sub == SUB_CLOSE_CANCEL) {
            if (res < 0 && res != -Errno.ENOENT && res != -Errno.EALREADY) {
                metrics.record(ErrorSpace.ERRNO, -res, CTX_CLOSE_CANCEL);
            }
        } else if (sub == SUB_CLOSE_SHUTDOWN) {
            if (res < 0 && res != -Errno.ENOTCONN) {
                metrics.record(ErrorSpace.ERRNO, -res, CTX_CLOSE_SHUTDOWN);
            }
        }
        if (sub == SUB_MAIN) {
            // The descriptor number is free for reuse from here on (if not reused already).
            fds.closed(ops.fd(slot), slot);
        }
        if (remaining == 0) {
            ops.free(slot);
        }
        if (sub == SUB_MAIN) {
            handler.onCompletion(token, res, 0, null);
            return 1;
        }
        return 0;
    }

    private void onCancelled(int slot, int res) {
        ops.free(slot);
        // 0: cancelled; ENOENT: it already completed; EALREADY: it is completing right now.
        if (res < 0 && res != -Errno.ENOENT && res != -Errno.EALREADY) {
            metrics.record(ErrorSpace.ERRNO, -res, CTX_CANCEL);
        }
    }

    private void onWake(int res) {
        if (res < 0) {
            metrics.record(ErrorSpace.ERRNO, -res, CTX_WAKE);
        }
        queue(wakeSlot);
    }

    private void onUnknown(long userData, int res, int flags) {
        unknownCompletions++;
        if ((flags & IoUringConstants.IORING_CQE_F_BUFFER) != 0) {
            buffers.recycle(flags >>> IoUringConstants.IORING_CQE_BUFFER_SHIFT);
        }
        LOG.warn("dropped a completion with unknown user_data 0x{} (res {}, flags 0x{})",
                Long.toHexString(userData), res, Integer.toHexString(flags));
    }

    private int deliverDeferred(CompletionHandler handler) {
        int delivered = 0;
        int n = deferred.size();
        for (int i = 0; i < n; i++) {
            int slot = deferred.poll();
            long token = ops.token(slot);
            long result = ops.result(slot);
            byte kind = ops.kind(slot);
            if (kind == RECEIVE || kind == ACCEPT) {
                finishArmed(slot);
            } else {
                releaseBlock(slot);
                ops.free(slot);
            }
            handler.onCompletion(token, result, 0, null);
            delivered++;
        }
        return delivered;
    }

    /**
     * Re-arms receives that ENOBUFS ended. A receive starved during this very poll is re-armed
     * only if buffers went back to the ring in this poll too; otherwise it waits for the next
     * recycle, so an empty ring does not turn into a loop of ENOBUFS completions.
     */
    private void rearmStarved(boolean recycled) {
        int n = starved.size();
        for (int i = 0; i < n; i++) {
            int slot = starved.poll();
            if (!ops.has(slot, STATE_STARVED)) {
                continue;
            }
            if (!recycled && ops.result(slot) == pollCount) {
                starved.add(slot);
                continue;
            }
            ops.clear(slot, STATE_STARVED);
            queue(slot);
        }
    }

    private void checkKernelHealth() {
        int dropped = ring.droppedCompletions();
        if (dropped != lastDropped) {
            LOG.error("the kernel dropped {} io_uring completions (CQ overflow without memory): operations may never complete",
                    dropped - lastDropped);
            lastDropped = dropped;
        }
        int writeErrno = waker.takeWriteError();
        if (writeErrno != 0) {
            metrics.record(ErrorSpace.ERRNO, writeErrno, CTX_WAKE_WRITE);
        }
    }

    // ------------------------------------------------------------------ submission

    private void queue(int slot) {
        submitter.queue(slot);
    }

    // ------------------------------------------------------------------ slot helpers

    private void completeLater(int slot, int errno) {
        ops.result(slot, -(long) errno);
        ops.set(slot, STATE_DEFERRED);
        deferred.add(slot);
    }

    /** The caller cancels or closes: make the operation finish as aborted, never re-armed. */
    private void abort(int slot) {
        if (ops.has(slot, STATE_DEFERRED) || ops.has(slot, STATE_CLOSING)) {
            return;
        }
        ops.set(slot, STATE_CLOSING);
        if (ops.has(slot, STATE_STARVED)) {
            ops.clear(slot, STATE_STARVED);
            completeLater(slot, Errno.ECANCELED);
            return;
        }
        int sub = ops.has(slot, STATE_BACKOFF) ? SUB_ACCEPT_TIMER : SUB_MAIN;
        int cancel = ops.allocate(CANCEL, -1, 0);
        ops.argument(cancel, ops.userData(slot, sub));
        ops.length(cancel, 0);
        queue(cancel);
    }

    /**
     * Before a close chain: the close's fd-wide cancel reaches everything in the kernel, but not a
     * receive waiting for buffers or an accept waiting for its back-off timer; finish those here.
     */
    private void abortArmed(int fd) {
        int slot = fds.armed(fd);
        if (slot < 0 || ops.has(slot, STATE_CLOSING) || ops.has(slot, STATE_DEFERRED)) {
            return;
        }
        if (ops.has(slot, STATE_STARVED) || ops.has(slot, STATE_BACKOFF)) {
            abort(slot);
        } else {
            ops.set(slot, STATE_CLOSING);
        }
    }

    private void bindArmed(int fd, int slot) {
        int existing = fds.armed(fd);
        if (existing >= 0 && !ops.has(existing, STATE_CLOSING)) {
            ops.free(slot);
            throw new IllegalStateException("descriptor " + fd + " already has an armed "
                    + (ops.kind(existing) == ACCEPT ? "accept" : "receive"));
        }
        fds.arm(fd, slot);
    }

    /** Frees an accept or receive slot after its final completion. */
    private void finishArmed(int slot) {
        fds.disarm(ops.fd(slot), slot);
        releaseBlock(slot);
        ops.free(slot);
    }

    private void releaseBlock(int slot) {
        int block = ops.block(slot);
        if (block >= 0) {
            blocks.release(block);
            ops.block(slot, -1);
        }
    }

    private void closeOwnSocket(int fd) {
        if (LibC.close(fd) != 0) {
            metrics.record(ErrorSpace.ERRNO, com.sun.jna.Native.getLastError(), CTX_CONNECT_CLOSE);
        }
    }

    private static int fd(long handle) {
        if (handle < 0 || handle > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not an io_uring socket handle (a file descriptor): " + handle);
        }
        return (int) handle;
    }

    // ------------------------------------------------------------------ statistics (owner thread)

    /** Completions whose user_data named no live operation; counted and dropped. */
    public long unknownCompletions() {
        return unknownCompletions;
    }

    /**
     * Multishot receives ended by an empty buffer ring (re-armed by the port, or aborted when their
     * socket was being closed). ErrorMetrics gets
     * one ENOBUFS per episode (a run of consecutive polls that starved receives); this counts each.
     */
    public long bufferStarvations() {
        return bufferStarvations;
    }

    /** io_uring_enter calls made (one per poll, plus early submits of a full SQ). */
    public long enterCalls() {
        return enterCalls + submitter.earlyEnterCalls();
    }

    /** Times the SQ filled up between polls and was submitted early. */
    public long earlySubmits() {
        return submitter.earlySubmits();
    }

    /** Operations (internal ones included) whose final completion has not been reaped yet. */
    public int operationsInFlight() {
        return ops.live();
    }

    /** The ring's descriptor, for diagnostics (and for another ring to post into it with MSG_RING). */
    int ringFd() {
        return ring.fd;
    }

    /** Provided receive buffers per port (the ring's size). */
    public int receiveBufferCount() {
        return buffers.count;
    }

    // ------------------------------------------------------------------ close

    /**
     * Releases the ring, the buffers and every native block. The contract says every socket's last
     * completion was reaped already; whatever the kernel still holds (the wake-up read, or
     * operations the owner leaked) is cancelled and reaped first, for at most two seconds. Memory
     * that an operation which never completed might still touch is deliberately leaked (and
     * logged) rather than freed under the kernel.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("io_uring port closed by " + Thread.currentThread().getName()
                    + " but owned by " + owner.getName());
        }
        closed = true;
        waker.stop();
        int abandoned = dropQueuedWork();
        int cancelAll = ops.allocate(CANCEL, -1, 0);
        ops.length(cancelAll, IoUringConstants.IORING_ASYNC_CANCEL_ANY | IoUringConstants.IORING_ASYNC_CANCEL_ALL);
        if (!submitter.prepare(cancelAll)) {
            ops.free(cancelAll);
        }
        long deadline = System.nanoTime() + CLOSE_DRAIN_NANOS;
        while (ops.live() > 0 && System.nanoTime() - deadline < 0) {
            int r = ring.enter(0, true);
            if (r < 0 && r != -Errno.EINTR && r != -Errno.EBUSY && r != -Errno.EAGAIN) {
                LOG.error("io_uring_enter while closing the port: {}", Errno.name(-r));
                break;
            }
            abandoned += drainForClose();
            if (ops.live() > 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (abandoned > 0) {
            LOG.warn("io_uring port closed with {} operations still pending (close every socket and wait for its completions first)",
                    abandoned);
        }
        sockets.close();
        if (ops.live() == 0) {
            String failure = buffers.closeAndDescribeFailure();
            if (failure != null) {
                LOG.error("releasing the provided buffer ring: {}", failure);
            }
            blocks.close();
            ring.close();
            waker.close();
        } else {
            leftOperationsInKernel = true;
            LOG.error("io_uring port closed with {} operations the kernel never completed: leaking their native memory",
                    ops.live());
            ring.close();
            waker.closeDescriptorOnly();
        }
    }

    @Override
    public boolean leftOperationsInKernel() {
        return leftOperationsInKernel;
    }

    /** Frees slots that never reached the kernel (backlog, starved receives, deferred results). */
    private int dropQueuedWork() {
        int dropped = 0;
        for (int slot = submitter.pollBacklog(); slot >= 0; slot = submitter.pollBacklog()) {
            if (ops.kind(slot) != CANCEL && slot != wakeSlot) {
                dropped++;
            }
            releaseBlock(slot);
            ops.free(slot);
        }
        while (!deferred.isEmpty()) {
            int slot = deferred.poll();
            releaseBlock(slot);
            ops.free(slot);
            dropped++;
        }
        while (!starved.isEmpty()) {
            int slot = starved.poll();
            if (ops.has(slot, STATE_STARVED)) {
                ops.free(slot);
                dropped++;
            }
        }
        return dropped;
    }

    /** Reaps CQEs without delivering them; frees each slot at its final CQE. Returns the caller-visible ones. */
    private int drainForClose() {
        int head = ring.cqHead();
        int tail = ring.cqTailAcquire();
        int callerOperations = 0;
        while (head != tail) {
            long userData = ring.cqeUserData(head);
            int res = ring.cqeResult(head);
            int flags = ring.cqeFlags(head);
            head++;
            if ((flags & IoUringConstants.IORING_CQE_F_BUFFER) != 0) {
                buffers.recycle(flags >>> IoUringConstants.IORING_CQE_BUFFER_SHIFT);
            }
            int slot = ops.slotOf(userData);
            if (slot < 0) {
                unknownCompletions++;
                continue;
            }
            boolean more = (flags & IoUringConstants.IORING_CQE_F_MORE) != 0;
            byte kind = ops.kind(slot);
            if (kind == CLOSE || kind == CLOSE_LISTENER) {
                int remaining = ops.length(slot) - 1;
                ops.length(slot, remaining);
                if (remaining == 0) {
                    ops.free(slot);
                    callerOperations++;
                }
            } else if (kind == CANCEL || kind == OperationTable.WAKE) {
                ops.free(slot);
            } else if (!more || OperationTable.subOperation(userData) == SUB_ACCEPT_TIMER) {
                if (kind == CONNECT) {
                    closeOwnSocket(ops.fd(slot));
                }
                releaseBlock(slot);
                ops.free(slot);
                callerOperations++;
            }
            if (head == tail) {
                tail = ring.cqTailAcquire();
            }
        }
        ring.releaseCqHead(head);
        return callerOperations;
    }
}

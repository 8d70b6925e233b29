package io.gameport.transport.iouring;

import static io.gameport.transport.iouring.OperationTable.ACCEPT;
import static io.gameport.transport.iouring.OperationTable.CANCEL;
import static io.gameport.transport.iouring.OperationTable.CLOSE;
import static io.gameport.transport.iouring.OperationTable.CLOSE_LISTENER;
import static io.gameport.transport.iouring.OperationTable.CONNECT;
import static io.gameport.transport.iouring.OperationTable.RECEIVE;
import static io.gameport.transport.iouring.OperationTable.SEND;
import static io.gameport.transport.iouring.OperationTable.SENDMSG;
import static io.gameport.transport.iouring.OperationTable.WAKE;

import com.sun.jna.Native;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.IoUringConstants;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.SocketConstants;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketSettings;
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
 *   {@link IoUringSettings#acceptRetryDelayMs()} through a TIMEOUT, so a full descriptor table
 *   cannot spin the worker. Such errors are recorded in {@link ErrorMetrics}, not delivered.
 *   {@link SocketSettings} are applied to each accepted socket before it is delivered.</li>
 *   <li>{@link #send}: SEND for one buffer, SENDMSG with an iovec array for several (at most
 *   {@link IoUringSettings#maxSendBuffers()}; more completes as a partial send), MSG_NOSIGNAL.
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
 * <h2>Parts</h2>
 * This class starts operations and runs the poll and the close. {@link PortOperations} holds the
 * operations in flight and the rules of their slots (one armed receive or accept per descriptor,
 * deferred and starved operations); {@link CompletionReaper} turns CQEs into the caller's
 * completions; {@link SendmsgBlockLayout} is the msghdr and iovec block of a gathering send.
 *
 * <h2>Threads and ownership</h2>
 * Created by {@link IoUringBackend#openPort()} on the worker thread that owns it (the ring is
 * SINGLE_ISSUER). Every method but {@link #wakeup()} must be called by that thread; {@link #poll}
 * checks it. Handles are file descriptors.
 */
public final class IoUringPort implements CompletionPort {

    private static final Logger LOG = LoggerFactory.getLogger(IoUringPort.class);

    private static final long CLOSE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    // Constant contexts: recording an error allocates nothing beyond ErrorMetrics' first counter.
    private static final String CTX_CONNECT_OPTIONS = "setsockopt on connecting socket";
    private static final String CTX_WAKE_WRITE = "io_uring wake-up eventfd write";
    private static final String CTX_ENTER = "io_uring_enter";

    private final IoUringSettings config;
    private final SocketSettings options;
    private final ErrorMetrics metrics;
    private final Thread owner;
    private final IoUringRing ring;
    private final ProvidedBufferRing buffers;
    private final SocketCalls sockets;
    private final Waker waker;
    private final PortOperations operations;
    private final OperationTable ops;
    private final FdTable fds;
    private final NativeBlockPool blocks;
    private final Submitter submitter;
    private final CompletionReaper reaper;
    private final int wakeSlot;
    private boolean closed;
    private boolean leftOperationsInKernel;
    private int lastDropped;
    private long enterCalls;

    private IoUringPort(IoUringSettings config, SocketSettings options, ErrorMetrics metrics, IoUringRing ring,
                        ProvidedBufferRing buffers, Waker waker, SocketCalls sockets) {
        this.config = config;
        this.options = options;
        this.metrics = metrics;
        this.owner = Thread.currentThread();
        this.ring = ring;
        this.buffers = buffers;
        this.waker = waker;
        this.sockets = sockets;
        this.operations = new PortOperations(ring, new NativeBlockPool(SendmsgBlockLayout.bytes(config.maxSendBuffers())),
                metrics, waker);
        this.ops = operations.ops;
        this.fds = operations.fds;
        this.blocks = operations.blocks;
        this.submitter = operations.submitter;
        this.wakeSlot = ops.allocate(WAKE, waker.eventFd, 0);
        this.reaper = new CompletionReaper(config, options, metrics, ring, buffers, sockets, operations, wakeSlot);
        operations.queue(wakeSlot);
    }

    /** Creates a port owned by the calling thread. */
    static IoUringPort open(IoUringSettings config, SocketSettings options, ErrorMetrics metrics) throws IOException {
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
            operations.completeLater(ops.allocate(ACCEPT, -1, token), Errno.ECANCELED);
            return;
        }
        int slot = ops.allocate(ACCEPT, fd, token);
        operations.bindArmed(fd, slot);
        operations.queue(slot);
    }

    @Override
    public void connect(InetSocketAddress remote, long token) {
        if (remote.isUnresolved()) {
            // A failed name lookup is bad input for this one connect, never a reason to throw
            // into the worker: it completes like any other failed connect.
            operations.completeLater(ops.allocate(CONNECT, -1, token), Errno.EADDRNOTAVAIL);
            return;
        }
        int fd = sockets.clientSocket(remote);
        if (fd < 0) {
            operations.completeLater(ops.allocate(CONNECT, -1, token), -fd);
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
            sockets.closeOwned(fd, metrics);
            operations.completeLater(ops.allocate(CONNECT, -1, token), Errno.ENOMEM);
            return;
        }
        int length = Sockaddrs.write(blocks.view(block), blocks.offset(block), remote);
        int slot = ops.allocate(CONNECT, fd, token);
        ops.block(slot, block);
        ops.length(slot, length);
        operations.queue(slot);
    }

    @Override
    public void receive(long socket, long token) {
        int fd = fd(socket);
        if (fds.closing(fd)) {
            operations.completeLater(ops.allocate(RECEIVE, -1, token), Errno.ECANCELED);
            return;
        }
        int slot = ops.allocate(RECEIVE, fd, token);
        operations.bindArmed(fd, slot);
        operations.queue(slot);
    }

    @Override
    public void send(long socket, ByteBuffer[] buffers, int offset, int count, long token) {
        int fd = fd(socket);
        if (count < 0 || offset < 0 || offset + count > buffers.length) {
            throw new IndexOutOfBoundsException("buffers[" + offset + " .. " + (offset + count) + ") of " + buffers.length);
        }
        if (fds.closing(fd)) {
            operations.completeLater(ops.allocate(SEND, -1, token), Errno.ECANCELED);
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
            operations.queue(slot);
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
            operations.completeLater(ops.allocate(SEND, fd, token), Errno.ENOMEM);
            return;
        }
        SendmsgBlockLayout.write(blocks.view(block), blocks.offset(block), blocks.address(block), buffers, offset, n);
        int slot = ops.allocate(SENDMSG, fd, token);
        ops.block(slot, block);
        operations.queue(slot);
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
                operations.abort(slot);
            }
        }
    }

    @Override
    public long shutdownOutput(long socket) {
        int fd = fd(socket);
        if (fds.closing(fd)) {
            // After the CLOSE the number may belong to someone else's socket already.
            return Completions.failure(Errno.EBADF);
        }
        // A plain syscall: shutdown(2) neither blocks nor touches the ring's operations on fd.
        return LibC.shutdown(fd, SocketConstants.SHUT_WR) == 0 ? 0 : Completions.failure(Native.getLastError());
    }

    /**
     * Asks the kernel about a socket whose reset or end of stream the multishot receive may have
     * missed (see {@link CompletionPort#probePeer}): {@code getsockopt(TCP_INFO)} for its state;
     * when that is TCP_CLOSE, {@code getsockopt(SO_ERROR)} for why (reading SO_ERROR clears it, so a
     * live socket's pending error is never taken from its receive); when it is CLOSE_WAIT,
     * {@code ioctl(FIONREAD)} for the bytes still unread. Two system calls at most,
     * through the port's own scratch memory; the armed receive is left alone, its slot and buffer
     * go through the normal close.
     */
    @Override
    public long probePeer(long socket) {
        int fd = fd(socket);
        if (fds.closing(fd)) {
            // Our CLOSE is in flight: the number may already name someone else's socket.
            return 0;
        }
        return sockets.probePeer(fd);
    }

    @Override
    public void close(long socket, long token) {
        int fd = fd(socket);
        if (fds.closing(fd)) {
            operations.completeLater(ops.allocate(CLOSE, -1, token), Errno.EBADF);
            return;
        }
        operations.abortArmed(fd);
        int slot = ops.allocate(CLOSE, fd, token);
        fds.startClosing(fd, slot);
        ops.length(slot, 3);
        operations.queue(slot);
    }

    @Override
    public void closeListener(long listener, long token) {
        int fd = fd(listener);
        if (fds.closing(fd)) {
            operations.completeLater(ops.allocate(CLOSE_LISTENER, -1, token), Errno.EBADF);
            return;
        }
        operations.abortArmed(fd);
        int slot = ops.allocate(CLOSE_LISTENER, fd, token);
        fds.startClosing(fd, slot);
        ops.length(slot, 2);
        operations.queue(slot);
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
        reaper.beginPoll();
        int delivered = reaper.deliverDeferred(handler);
        submitter.drainBacklog();
        boolean wait = block && delivered == 0 && operations.deferred.isEmpty() && ring.cqReady() == 0;
        boolean sleeping = wait && waker.prepareToSleep();
        try {
            enter(sleeping);
        } finally {
            if (sleeping) {
                waker.awake();
            }
        }
        try {
            delivered += reaper.reap(handler);
        } finally {
            boolean recycled = buffers.publish();
            reaper.rearmStarved(recycled);
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

    private static int fd(long handle) {
        if (handle < 0 || handle > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not an io_uring socket handle (a file descriptor): " + handle);
        }
        return (int) handle;
    }

    // ------------------------------------------------------------------ statistics (owner thread)

    /** Completions whose user_data named no live operation; counted and dropped. */
    public long unknownCompletions() {
        return reaper.unknownCompletions();
    }

    /**
     * Multishot receives ended by an empty buffer ring (re-armed by the port, or aborted when their
     * socket was being closed). ErrorMetrics gets
     * one ENOBUFS per episode (a run of consecutive polls that starved receives); this counts each.
     */
    public long bufferStarvations() {
        return reaper.bufferStarvations();
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
        int abandoned = operations.dropQueuedWork(wakeSlot);
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
            abandoned += reaper.drainForClose();
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


}

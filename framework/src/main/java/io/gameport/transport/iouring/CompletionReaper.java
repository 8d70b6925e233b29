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
import static io.gameport.transport.iouring.OperationTable.STATE_STARVED;
import static io.gameport.transport.iouring.OperationTable.SUB_ACCEPT_TIMER;
import static io.gameport.transport.iouring.OperationTable.SUB_CLOSE_CANCEL;
import static io.gameport.transport.iouring.OperationTable.SUB_CLOSE_SHUTDOWN;
import static io.gameport.transport.iouring.OperationTable.SUB_MAIN;
import static io.gameport.transport.iouring.OperationTable.WAKE;

import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.IoUringConstants;
import io.gameport.nativeio.linux.KernelTimespecLayout;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the CQEs of one {@link IoUringPort} into the caller's completions: decodes each CQE's
 * user_data into its operation, keeps multishot receives and accepts armed (or re-arms them after
 * an empty buffer ring or a back-off), follows a close chain to its last link, and swallows what
 * the port made for itself (cancels, the wake-up read). Also delivers the operations completed
 * without a CQE, and reaps without delivering while the port closes.
 *
 * <p>Owner thread only.
 */
final class CompletionReaper {

    private static final Logger LOG = LoggerFactory.getLogger(IoUringPort.class);

    // Constant contexts: recording an error allocates nothing beyond ErrorMetrics' first counter.
    private static final String CTX_RECEIVE_STARVED =
            "io_uring provided buffer ring empty: receives wait for recycled buffers (consider a larger bufferCount)";
    private static final String CTX_ACCEPT = "io_uring multishot accept (listener stays armed)";
    private static final String CTX_ACCEPT_TIMER = "io_uring accept back-off timer";
    private static final String CTX_ACCEPT_OPTIONS = "setsockopt on accepted socket";
    private static final String CTX_CLOSE_CANCEL = "io_uring close: cancel of pending operations";
    private static final String CTX_CLOSE_SHUTDOWN = "io_uring close: shutdown";
    private static final String CTX_CANCEL = "io_uring cancel";
    private static final String CTX_WAKE = "io_uring wake-up eventfd read";

    private final IoUringSettings config;
    private final SocketSettings options;
    private final ErrorMetrics metrics;
    private final IoUringRing ring;
    private final ProvidedBufferRing buffers;
    private final SocketCalls sockets;
    private final PortOperations operations;
    private final OperationTable ops;
    private final FdTable fds;
    private final NativeBlockPool blocks;
    private final int wakeSlot;
    private long pollCount;
    private long lastStarvationPoll = Long.MIN_VALUE / 2;
    private long unknownCompletions;
    private long bufferStarvations;

    CompletionReaper(IoUringSettings config, SocketSettings options, ErrorMetrics metrics, IoUringRing ring,
                     ProvidedBufferRing buffers, SocketCalls sockets, PortOperations operations, int wakeSlot) {
        this.config = config;
        this.options = options;
        this.metrics = metrics;
        this.ring = ring;
        this.buffers = buffers;
        this.sockets = sockets;
        this.operations = operations;
        this.ops = operations.ops;
        this.fds = operations.fds;
        this.blocks = operations.blocks;
        this.wakeSlot = wakeSlot;
    }

    /** A poll begins: starved receives are re-armed against the poll they starved in. */
    void beginPoll() {
        pollCount++;
    }

    /** Completions whose user_data named no live operation; counted and dropped. */
    long unknownCompletions() {
        return unknownCompletions;
    }

    /** Multishot receives ended by an empty buffer ring. */
    long bufferStarvations() {
        return bufferStarvations;
    }

    /** Delivers the CQEs the kernel posted, at most one CQ's worth, and publishes the new head. */
    int reap(CompletionHandler handler) {
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
                operations.finishArmed(slot);
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
                operations.finishArmed(slot);
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
            operations.starved.add(slot);
            return 0;
        }
        if (!more) {
            operations.finishArmed(slot);
        }
        handler.onCompletion(token, res, more ? Completions.FLAG_MORE : 0, null);
        return 1;
    }

    private int onSend(int slot, int res, CompletionHandler handler) {
        long token = ops.token(slot);
        operations.releaseBlock(slot);
        ops.free(slot);
        handler.onCompletion(token, res, 0, null);
        return 1;
    }

    private int onAccept(int slot, int sub, int res, int flags, CompletionHandler handler) {
        long token = ops.token(slot);
        boolean closing = ops.has(slot, STATE_CLOSING);
        if (sub == SUB_ACCEPT_TIMER) {
            ops.clear(slot, STATE_BACKOFF);
            operations.releaseBlock(slot);
            if (res != -Errno.ETIME && res != -Errno.ECANCELED && res < 0) {
                metrics.record(ErrorSpace.ERRNO, -res, CTX_ACCEPT_TIMER);
            }
            if (closing) {
                operations.finishArmed(slot);
                handler.onCompletion(token, -Errno.ECANCELED, 0, null);
                return 1;
            }
            operations.queue(slot);
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
                    operations.finishArmed(slot);
                } else {
                    // The kernel ended the multishot without an error (e.g. CQ overflow): keep listening.
                    operations.queue(slot);
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
            operations.finishArmed(slot);
            handler.onCompletion(token, closing ? -Errno.ECANCELED : res, 0, null);
            return 1;
        }
        metrics.record(ErrorSpace.ERRNO, errno, CTX_ACCEPT);
        if (errno == Errno.ECONNABORTED || errno == Errno.ECONNRESET || errno == Errno.EINTR || errno == Errno.EAGAIN) {
            operations.queue(slot);
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
            operations.queue(slot);
            return;
        }
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(config.acceptRetryDelayMs());
        ByteBuffer view = blocks.view(block);
        int at = blocks.offset(block);
        view.putLong(at + KernelTimespecLayout.TV_SEC_OFFSET, delayNanos / 1_000_000_000L);
        view.putLong(at + KernelTimespecLayout.TV_NSEC_OFFSET, delayNanos % 1_000_000_000L);
        ops.block(slot, block);
        ops.set(slot, STATE_BACKOFF);
        operations.queue(slot);
    }

    private int onConnect(int slot, int res, CompletionHandler handler) {
        long token = ops.token(slot);
        int fd = ops.fd(slot);
        operations.releaseBlock(slot);
        ops.free(slot);
        if (res >= 0) {
            handler.onCompletion(token, fd, 0, null);
        } else {
            sockets.closeOwned(fd, metrics);
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
        operations.queue(wakeSlot);
    }

    private void onUnknown(long userData, int res, int flags) {
        unknownCompletions++;
        if ((flags & IoUringConstants.IORING_CQE_F_BUFFER) != 0) {
            buffers.recycle(flags >>> IoUringConstants.IORING_CQE_BUFFER_SHIFT);
        }
        LOG.warn("dropped a completion with unknown user_data 0x{} (res {}, flags 0x{})",
                Long.toHexString(userData), res, Integer.toHexString(flags));
    }

    /** Delivers the operations completed without a CQE; returns how many. */
    int deliverDeferred(CompletionHandler handler) {
        int delivered = 0;
        int n = operations.deferred.size();
        for (int i = 0; i < n; i++) {
            int slot = operations.deferred.poll();
            long token = ops.token(slot);
            long result = ops.result(slot);
            byte kind = ops.kind(slot);
            if (kind == RECEIVE || kind == ACCEPT) {
                operations.finishArmed(slot);
            } else {
                operations.releaseBlock(slot);
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
    void rearmStarved(boolean recycled) {
        int n = operations.starved.size();
        for (int i = 0; i < n; i++) {
            int slot = operations.starved.poll();
            if (!ops.has(slot, STATE_STARVED)) {
                continue;
            }
            if (!recycled && ops.result(slot) == pollCount) {
                operations.starved.add(slot);
                continue;
            }
            ops.clear(slot, STATE_STARVED);
            operations.queue(slot);
        }
    }

    /** Reaps CQEs without delivering them; frees each slot at its final CQE. Returns the caller-visible ones. */
    int drainForClose() {
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
                    sockets.closeOwned(ops.fd(slot), metrics);
                }
                operations.releaseBlock(slot);
                ops.free(slot);
                callerOperations++;
            }
            if (head == tail) {
                tail = ring.cqTailAcquire();
            }
        }
        ring.releaseCqHead(head);
        return callerOperations;
    }}

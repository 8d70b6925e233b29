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
import static io.gameport.transport.iouring.OperationTable.SUB_ACCEPT_TIMER;
import static io.gameport.transport.iouring.OperationTable.SUB_CLOSE_CANCEL;
import static io.gameport.transport.iouring.OperationTable.SUB_CLOSE_SHUTDOWN;
import static io.gameport.transport.iouring.OperationTable.SUB_MAIN;
import static io.gameport.transport.iouring.OperationTable.WAKE;

import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.IoUringConstants;
import io.gameport.nativeio.linux.SocketConstants;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;

/**
 * Turns operation slots into SQEs. Every parameter an SQE needs lives in the slot (and its native
 * block), so a slot that does not fit in the SQ can wait in a backlog and be written later,
 * unchanged and in order: once anything is in the backlog, everything newer queues behind it.
 * When the SQ is full the pending SQEs are handed to the kernel early (one io_uring_enter without
 * waiting) so that preparing can go on.
 *
 * <p>Thread contract: the port's owner thread only.
 */
final class Submitter {

    static final short BUFFER_GROUP = 0;
    private static final String CTX_ENTER = "io_uring_enter (early submit of a full SQ)";

    private final IoUringRing ring;
    private final OperationTable ops;
    private final NativeBlockPool blocks;
    private final ErrorMetrics metrics;
    private final int wakeFd;
    private final long wakeBuffer;
    private final IntQueue backlog = new IntQueue(64);
    private long earlySubmits;
    private long enterCalls;

    Submitter(IoUringRing ring, OperationTable ops, NativeBlockPool blocks, ErrorMetrics metrics, Waker waker) {
        this.ring = ring;
        this.ops = ops;
        this.blocks = blocks;
        this.metrics = metrics;
        this.wakeFd = waker.eventFd;
        this.wakeBuffer = waker.readBuffer;
    }

    /** Writes the slot's SQE(s) now, or queues the slot behind earlier ones. */
    void queue(int slot) {
        if (!backlog.isEmpty() || !prepare(slot)) {
            backlog.add(slot);
        }
    }

    /** Writes as much of the backlog as fits, in order. */
    void drainBacklog() {
        while (!backlog.isEmpty()) {
            if (!prepare(backlog.peek())) {
                return;
            }
            backlog.poll();
        }
    }

    /** Removes and returns the oldest slot that never reached the SQ, or -1. For port close. */
    int pollBacklog() {
        return backlog.isEmpty() ? -1 : backlog.poll();
    }

    long earlySubmits() {
        return earlySubmits;
    }

    long earlyEnterCalls() {
        return enterCalls;
    }

    /** Writes the slot's SQE(s); false when the SQ has no room even after an early submit. */
    boolean prepare(int slot) {
        byte kind = ops.kind(slot);
        int needed = kind == CLOSE ? 3 : kind == CLOSE_LISTENER ? 2 : 1;
        if (ring.sqSpace() < needed) {
            submitEarly();
            if (ring.sqSpace() < needed) {
                return false;
            }
        }
        int fd = ops.fd(slot);
        long userData = ops.userData(slot, SUB_MAIN);
        switch (kind) {
            case RECEIVE:
                // Multishot: len 0 and a buffer group; the kernel picks a buffer per completion.
                ring.prepare(IoUringConstants.IORING_OP_RECV, IoUringConstants.IOSQE_BUFFER_SELECT,
                        IoUringConstants.IORING_RECV_MULTISHOT, fd, 0, 0, 0, 0, userData, BUFFER_GROUP);
                break;
            case SEND:
                ring.prepare(IoUringConstants.IORING_OP_SEND, (byte) 0, (short) 0, fd, 0, ops.argument(slot),
                        ops.length(slot), SocketConstants.MSG_NOSIGNAL, userData, (short) 0);
                break;
            case SENDMSG:
                ring.prepare(IoUringConstants.IORING_OP_SENDMSG, (byte) 0, (short) 0, fd, 0,
                        blocks.address(ops.block(slot)), 1, SocketConstants.MSG_NOSIGNAL, userData, (short) 0);
                break;
            case ACCEPT:
                if (ops.has(slot, STATE_BACKOFF)) {
                    // TIMEOUT: off = completion count (0: pure timer), addr = timespec, len must be 1.
                    ring.prepare(IoUringConstants.IORING_OP_TIMEOUT, (byte) 0, (short) 0, -1, 0,
                            blocks.address(ops.block(slot)), 1, 0, ops.userData(slot, SUB_ACCEPT_TIMER), (short) 0);
                } else {
                    ring.prepare(IoUringConstants.IORING_OP_ACCEPT, (byte) 0, IoUringConstants.IORING_ACCEPT_MULTISHOT,
                            fd, 0, 0, 0, SocketConstants.SOCK_CLOEXEC, userData, (short) 0);
                }
                break;
            case CONNECT:
                // CONNECT takes the sockaddr length in the off/addr2 field.
                ring.prepare(IoUringConstants.IORING_OP_CONNECT, (byte) 0, (short) 0, fd, ops.length(slot),
                        blocks.address(ops.block(slot)), 0, 0, userData, (short) 0);
                break;
            case CLOSE:
            case CLOSE_LISTENER:
                // CLOSE alone does not cancel what is pending on the socket (liburing#932): cancel
                // everything on the fd first. HARDLINK: each step runs even if the previous failed.
                ring.prepare(IoUringConstants.IORING_OP_ASYNC_CANCEL, IoUringConstants.IOSQE_IO_HARDLINK, (short) 0,
                        fd, 0, 0, 0, IoUringConstants.IORING_ASYNC_CANCEL_FD | IoUringConstants.IORING_ASYNC_CANCEL_ALL,
                        ops.userData(slot, SUB_CLOSE_CANCEL), (short) 0);
                if (kind == CLOSE) {
                    ring.prepare(IoUringConstants.IORING_OP_SHUTDOWN, IoUringConstants.IOSQE_IO_HARDLINK, (short) 0,
                            fd, 0, 0, SocketConstants.SHUT_WR, 0, ops.userData(slot, SUB_CLOSE_SHUTDOWN), (short) 0);
                }
                ring.prepare(IoUringConstants.IORING_OP_CLOSE, (byte) 0, (short) 0, fd, 0, 0, 0, 0, userData, (short) 0);
                break;
            case CANCEL:
                // addr = the user_data to match (default key), op flags = cancel flags (ANY|ALL at port close).
                ring.prepare(IoUringConstants.IORING_OP_ASYNC_CANCEL, (byte) 0, (short) 0, -1, 0, ops.argument(slot),
                        0, ops.length(slot), userData, (short) 0);
                break;
            case WAKE:
                ring.prepare(IoUringConstants.IORING_OP_READ, (byte) 0, (short) 0, wakeFd, 0, wakeBuffer,
                        8, 0, userData, (short) 0);
                break;
            default:
                throw new IllegalStateException("slot " + slot + " of kind " + kind + " has nothing to submit");
        }
        return true;
    }

    /** The SQ is full: hand it to the kernel now (no waiting) so that preparing can continue. */
    private void submitEarly() {
        earlySubmits++;
        for (int attempt = 0; attempt < 8; attempt++) {
            int r = ring.enter(0, false);
            enterCalls++;
            if (r != -Errno.EINTR) {
                if (r < 0) {
                    // EBUSY/EAGAIN: the kernel wants completions reaped first; the slot waits in the backlog.
                    metrics.record(ErrorSpace.ERRNO, -r, CTX_ENTER);
                }
                return;
            }
        }
    }
}

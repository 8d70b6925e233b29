package io.gameport.transport.iouring;

import static io.gameport.transport.iouring.OperationTable.ACCEPT;
import static io.gameport.transport.iouring.OperationTable.CANCEL;
import static io.gameport.transport.iouring.OperationTable.STATE_BACKOFF;
import static io.gameport.transport.iouring.OperationTable.STATE_CLOSING;
import static io.gameport.transport.iouring.OperationTable.STATE_DEFERRED;
import static io.gameport.transport.iouring.OperationTable.STATE_STARVED;
import static io.gameport.transport.iouring.OperationTable.SUB_ACCEPT_TIMER;
import static io.gameport.transport.iouring.OperationTable.SUB_MAIN;

import io.gameport.nativeio.linux.Errno;
import io.gameport.transport.ErrorMetrics;

/**
 * The operations of one {@link IoUringPort} from start to final completion: the slot table, the
 * descriptors' armed and closing marks, the native blocks SQEs point at, and the two queues of
 * operations that are not in the kernel: those completed without a CQE (delivered at the start of
 * the next poll) and receives waiting for recycled buffers. The rules kept here: one armed accept
 * or receive per descriptor, an aborted operation is never re-armed, and a slot's block is freed
 * with its final completion.
 *
 * <p>Owner thread only.
 */
final class PortOperations {

    final OperationTable ops = new OperationTable(256);
    final FdTable fds = new FdTable();
    final NativeBlockPool blocks;
    final Submitter submitter;
    /** Slots completed without a CQE, delivered at the start of the next poll. */
    final IntQueue deferred = new IntQueue(64);
    /** Receives ended by ENOBUFS, re-armed once buffers were recycled. */
    final IntQueue starved = new IntQueue(64);

    PortOperations(IoUringRing ring, NativeBlockPool blocks, ErrorMetrics metrics, Waker waker) {
        this.blocks = blocks;
        this.submitter = new Submitter(ring, ops, blocks, metrics, waker);
    }

    /** Hands the slot's SQE to the ring (or to the backlog the next poll drains, when the SQ is full). */
    void queue(int slot) {
        submitter.queue(slot);
    }

    /** Completes the operation at the next poll with {@code -errno}, without reaching the kernel. */
    void completeLater(int slot, int errno) {
        ops.result(slot, -(long) errno);
        ops.set(slot, STATE_DEFERRED);
        deferred.add(slot);
    }

    /** The caller cancels or closes: make the operation finish as aborted, never re-armed. */
    void abort(int slot) {
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
    void abortArmed(int fd) {
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

    /** Marks {@code slot} as the descriptor's armed accept or receive; a second live one is a caller bug. */
    void bindArmed(int fd, int slot) {
        int existing = fds.armed(fd);
        if (existing >= 0 && !ops.has(existing, STATE_CLOSING)) {
            ops.free(slot);
            throw new IllegalStateException("descriptor " + fd + " already has an armed "
                    + (ops.kind(existing) == ACCEPT ? "accept" : "receive"));
        }
        fds.arm(fd, slot);
    }

    /** Frees an accept or receive slot after its final completion. */
    void finishArmed(int slot) {
        fds.disarm(ops.fd(slot), slot);
        free(slot);
    }

    /** Frees a slot and its block. */
    void free(int slot) {
        releaseBlock(slot);
        ops.free(slot);
    }

    void releaseBlock(int slot) {
        int block = ops.block(slot);
        if (block >= 0) {
            blocks.release(block);
            ops.block(slot, -1);
        }
    }

    /**
     * The port closes: frees the slots that never reached the kernel (backlog, deferred results,
     * starved receives). Returns how many of them were the caller's operations.
     */
    int dropQueuedWork(int wakeSlot) {
        int dropped = 0;
        for (int slot = submitter.pollBacklog(); slot >= 0; slot = submitter.pollBacklog()) {
            if (ops.kind(slot) != CANCEL && slot != wakeSlot) {
                dropped++;
            }
            free(slot);
        }
        while (!deferred.isEmpty()) {
            free(deferred.poll());
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
}

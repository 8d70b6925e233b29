package io.gameport.transport.iocp;

import com.sun.jna.Native;
import io.gameport.nativeio.windows.Kernel32;
import io.gameport.nativeio.windows.NtStatus;
import io.gameport.nativeio.windows.OverlappedEntryLayout;
import io.gameport.nativeio.windows.WinCallException;
import io.gameport.nativeio.windows.WinError;
import io.gameport.nativeio.windows.Winsock;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place an {@link IocpPort} turns what finished into (operation, error, bytes): packets
 * dequeued in batches with GetQueuedCompletionStatusEx, whose OVERLAPPED names the operation's
 * slot and whose status (an NTSTATUS, which the call does not translate) becomes the Winsock code
 * the call itself would have reported; and the port's local queue of completions that post no
 * packet. Wake-up packets (no OVERLAPPED, the reserved key) are swallowed; anything naming no
 * pending operation is counted and dropped.
 *
 * <p>Owner thread only.
 */
final class CompletionDecoder {

    /** Where a decoded completion goes: the operation in {@code slot} finished with {@code error} (0: success) and {@code bytes}. */
    interface Operations {
        void complete(int slot, int error, int bytes);
    }

    private static final Logger LOG = LoggerFactory.getLogger(IocpPort.class);

    private final long port;
    private final long entries;
    private final ByteBuffer entriesView;
    private final int batch;
    private final ErrorMetrics metrics;
    private final OperationSlab slab;
    private final LocalQueue local;
    private final Delivery delivery;
    private final AtomicBoolean wakeupPosted;
    private final Operations operations;
    private long unknownPackets;

    /** {@code entries}: room for {@code batch} OVERLAPPED_ENTRYs and the count after them. */
    CompletionDecoder(long port, NativeArea entries, int batch, ErrorMetrics metrics, OperationSlab slab, LocalQueue local,
                      Delivery delivery, AtomicBoolean wakeupPosted, Operations operations) {
        this.port = port;
        this.entries = entries.address();
        this.entriesView = entries.view();
        this.batch = batch;
        this.metrics = metrics;
        this.slab = slab;
        this.local = local;
        this.delivery = delivery;
        this.wakeupPosted = wakeupPosted;
        this.operations = operations;
    }

    /** Packets dropped because they named no pending operation of this port. */
    long unknownPackets() {
        return unknownPackets;
    }

    /**
     * Waits up to {@code timeoutMs} for packets (0: only what is there) and completes each: a
     * wake-up is swallowed, a packet naming no pending operation of this port is counted and dropped.
     */
    void dequeue(int timeoutMs) throws IOException {
        long countAddress = entries + (long) batch * OverlappedEntryLayout.SIZE;
        if (Kernel32.GetQueuedCompletionStatusEx(port, entries, batch, countAddress, timeoutMs, 0) == 0) {
            int error = Native.getLastError();
            if (error == WinError.WAIT_TIMEOUT) {
                return;
            }
            Outcome outcome = metrics.record(ErrorSpace.WINDOWS, error, "GetQueuedCompletionStatusEx");
            if (outcome == Outcome.PORT_CLOSED) {
                throw new IocpPortClosedException("iocp port closed: " + WinError.name(error), error);
            }
            throw new WinCallException("GetQueuedCompletionStatusEx", error);
        }
        int removed = entriesView.getInt(batch * OverlappedEntryLayout.SIZE);
        for (int i = 0; i < removed; i++) {
            int at = i * OverlappedEntryLayout.SIZE;
            long key = entriesView.getLong(at + OverlappedEntryLayout.COMPLETION_KEY_OFFSET);
            long overlapped = entriesView.getLong(at + OverlappedEntryLayout.OVERLAPPED_OFFSET);
            int bytes = entriesView.getInt(at + OverlappedEntryLayout.BYTES_TRANSFERRED_OFFSET);
            if (overlapped == 0L) {
                if (key == IocpPort.WAKEUP_KEY) {
                    wakeupPosted.set(false);
                } else {
                    unknownPackets++;
                    LOG.warn("iocp: dropping a packet without OVERLAPPED and unknown key {}", key);
                }
                continue;
            }
            int slot = slab.slotOf(overlapped);
            if (slot < 0 || slab.where[slot] != OperationSlab.KERNEL) {
                unknownPackets++;
                LOG.warn("iocp: dropping a packet for OVERLAPPED 0x{} that is no pending operation of this port",
                        Long.toHexString(overlapped));
                continue;
            }
            int status = slab.status(slot);
            int error = status == NtStatus.STATUS_SUCCESS ? 0 : resolveError(slot, status);
            slab.where[slot] = OperationSlab.ACTIVE;
            operations.complete(slot, error, bytes);
        }
    }

    /** The Winsock code of a failed packet, as the Winsock call itself would have reported it. */
    private int resolveError(int slot, int status) {
        if (slab.aborted[slot]) {
            // We closed or cancelled it: whatever the kernel says (995, 64, 1236), it was our doing,
            // and the handle may already be closed, so do not ask it.
            return WinError.ERROR_OPERATION_ABORTED;
        }
        long address = slab.address(slot);
        long handle = slab.owner[slot].handle;
        if (Winsock.WSAGetOverlappedResult(handle, address, address + SlotLayout.BYTES_OFFSET, 0,
                address + SlotLayout.RESULT_FLAGS_OFFSET) != 0) {
            return 0;
        }
        int error = Native.getLastError();
        if (error == 0 || error == WinError.WSAENOTSOCK || error == WinError.ERROR_INVALID_HANDLE
                || error == WinError.ERROR_IO_INCOMPLETE) {
            return NtStatus.toWinError(status);
        }
        return error;
    }

    /** Completes what the port queued itself (inline successes, failed starts, aborts, closes): only what is queued now. */
    void drainLocal() {
        // Only what is queued now: entries added by handlers wait for the next round.
        for (int n = local.size(); n > 0 && !local.isEmpty(); n--) {
            int slot = local.headSlot();
            if (slot == LocalQueue.NO_SLOT) {
                long token = local.headToken();
                long result = local.headResult();
                int flags = local.headFlags();
                local.pop();
                delivery.deliver(token, result, flags, null);
                continue;
            }
            int generation = local.headGeneration();
            int error = local.headError();
            int bytes = local.headBytes();
            local.pop();
            if (slab.generation[slot] != generation || slab.where[slot] != OperationSlab.LOCAL) {
                throw new IllegalStateException("local completion for slot " + slot + " that is not waiting for one");
            }
            slab.where[slot] = OperationSlab.ACTIVE;
            operations.complete(slot, error, bytes);
        }
    }

}

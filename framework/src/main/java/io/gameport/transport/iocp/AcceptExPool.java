package io.gameport.transport.iocp;

import com.sun.jna.Native;
import io.gameport.nativeio.windows.WinConstants;
import io.gameport.nativeio.windows.WinError;
import io.gameport.nativeio.windows.Winsock;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The armed accepts of one {@link IocpPort}: per listener {@link IocpSettings#acceptsPerListener()}
 * AcceptEx outstanding, each with a socket made beforehand. Every accepted socket completes with
 * {@link Completions#FLAG_MORE}; a failed accept (a peer that reset before it was accepted) closes
 * only that socket, is counted, and is posted again. The accept ends (with 995, or the error that
 * ended its last slot) once every AcceptEx of the listener was reaped after a cancel or close.
 *
 * <p>Owner thread only.
 */
final class AcceptExPool {

    private static final Logger LOG = LoggerFactory.getLogger(IocpPort.class);

    private final IocpBackend backend;
    private final IocpSettings settings;
    private final ErrorMetrics metrics;
    private final OverlappedStarts starts;
    private final OperationSlab slab;
    private final LocalQueue local;
    private final IocpSockets sockets;
    private final StartOutcomes outcomes;
    private final Delivery delivery;
    private final NativeArea scratch;

    AcceptExPool(IocpBackend backend, OverlappedStarts starts, OperationSlab slab, LocalQueue local, IocpSockets sockets,
                 StartOutcomes outcomes, Delivery delivery, NativeArea scratch) {
        this.backend = backend;
        this.settings = backend.settings();
        this.metrics = backend.metrics();
        this.starts = starts;
        this.slab = slab;
        this.local = local;
        this.sockets = sockets;
        this.outcomes = outcomes;
        this.delivery = delivery;
        this.scratch = scratch;
    }

    /** Arms the accept of a listener: takes every slot of its pool, then starts each. */
    void arm(IocpSocket l, long token) {
        if (l.acceptSlots > 0) {
            throw new IllegalStateException("accept is already armed on listener " + l.handle);
        }
        l.acceptToken = token;
        l.acceptStopping = false;
        l.acceptEndError = 0;
        int first = -1;
        // All slots are taken before any starts, so one failing at once cannot end the accept early.
        for (int i = 0; i < settings.acceptsPerListener(); i++) {
            int slot = slab.allocate();
            if (slot < 0) {
                break;
            }
            slab.op[slot] = OperationSlab.OP_ACCEPT;
            slab.token[slot] = token;
            slab.where[slot] = OperationSlab.ACTIVE;
            sockets.link(slot, l);
            l.acceptSlots++;
            first = slot;
        }
        if (first < 0) {
            LOG.warn("iocp operation slab full ({} slots): cannot arm accept on listener {}", settings.maxOperations(), l.handle);
            local.addDelivery(token, Completions.failure(WinError.WSAENOBUFS), 0);
            return;
        }
        for (int slot = l.firstSlot; slot != -1; ) {
            int next = slab.nextOfSocket[slot];
            if (slab.op[slot] == OperationSlab.OP_ACCEPT && slab.where[slot] == OperationSlab.ACTIVE) {
                start(slot);
            }
            slot = next;
        }
    }

    /** Posts the slot's AcceptEx, making its socket first if it has none. */
    void start(int slot) {
        IocpSocket l = slab.owner[slot];
        long acceptSocket = slab.aux[slot];
        if (acceptSocket == -1L) {
            acceptSocket = IocpSockets.newSocket(l.family);
            if (acceptSocket == WinConstants.INVALID_SOCKET) {
                startFailed(slot, Native.getLastError(), "WSASocketW for AcceptEx");
                return;
            }
            slab.aux[slot] = acceptSocket;
            sockets.countOwned();
        }
        long address = slab.address(slot);
        slab.clearOverlapped(slot);
        int error = starts.acceptEx(backend.extensions(l.family), l.handle, acceptSocket, address + SlotLayout.ADDRESS_OFFSET,
                WinConstants.ACCEPTEX_ADDRESS_BYTES, address + SlotLayout.BYTES_OFFSET, address);
        if (error == 0 || error == WinError.WSA_IO_PENDING) {
            outcomes.afterStart(slot, error, "AcceptEx");
        } else {
            startFailed(slot, error, "AcceptEx");
        }
    }

    private void startFailed(int slot, int error, String call) {
        IocpSocket l = slab.owner[slot];
        if (outcomes.retryable(slot, error)) {
            outcomes.scheduleRetry(slot, error, call);
            return;
        }
        metrics.record(ErrorSpace.WINDOWS, error, call + " on listener " + l.handle + ": this accept slot ends");
        sockets.closeOwned(slab.aux[slot], "AcceptEx start failure");
        slab.aux[slot] = -1L;
        endSlot(slot, error);
    }

    /** The slot's AcceptEx completed with {@code error} (0: a socket was accepted). */
    void onCompletion(int slot, int error) {
        IocpSocket l = slab.owner[slot];
        long accepted = slab.aux[slot];
        if (slab.aborted[slot] || l.acceptStopping) {
            sockets.closeOwned(accepted, "accept of a closed listener");
            slab.aux[slot] = -1L;
            endSlot(slot, WinError.ERROR_OPERATION_ABORTED);
            return;
        }
        if (error != 0) {
            // One failed accept (a peer that reset before we reaped it, ...) costs only that socket.
            sockets.closeOwned(accepted, "failed accept");
            slab.aux[slot] = -1L;
            if (outcomes.retryable(slot, error)) {
                outcomes.scheduleRetry(slot, error, "AcceptEx completion");
                return;
            }
            metrics.record(ErrorSpace.WINDOWS, error, "AcceptEx completion on listener " + l.handle
                    + ": closed that socket, accepting again");
            if (StartOutcomes.transientAtStart(error)) {
                endSlot(slot, error);
                return;
            }
            slab.attempts[slot] = 0;
            start(slot);
            return;
        }
        // The accepted socket inherits the listener's properties only after this (getpeername, shutdown).
        scratch.view().putLong(0, l.handle);
        if (Winsock.setsockopt(accepted, WinConstants.SOL_SOCKET, WinConstants.SO_UPDATE_ACCEPT_CONTEXT, scratch.address(), 8) != 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "SO_UPDATE_ACCEPT_CONTEXT on accepted socket " + accepted);
            sockets.closeOwned(accepted, "accept context failure");
            slab.aux[slot] = -1L;
            start(slot);
            return;
        }
        sockets.applyOptions(accepted);
        slab.aux[slot] = -1L;
        slab.attempts[slot] = 0;
        sockets.countHandedOver(); // from here the caller owns it
        delivery.deliver(l.acceptToken, accepted, Completions.FLAG_MORE, null);
        if (slab.aborted[slot] || l.acceptStopping) {
            endSlot(slot, WinError.ERROR_OPERATION_ABORTED);
        } else {
            start(slot);
        }
    }

    private void endSlot(int slot, int error) {
        IocpSocket l = slab.owner[slot];
        l.acceptSlots--;
        if (error != WinError.ERROR_OPERATION_ABORTED && l.acceptEndError == 0) {
            l.acceptEndError = error;
        }
        if (l.acceptSlots == 0) {
            int code = l.acceptStopping || l.acceptEndError == 0 ? WinError.ERROR_OPERATION_ABORTED : l.acceptEndError;
            local.addDelivery(l.acceptToken, Completions.failure(code), 0);
        }
        // Unlinked after the accept's end was queued: unlinking the listener's last slot queues its close.
        sockets.unlink(slot);
        slab.free(slot);
    }
}

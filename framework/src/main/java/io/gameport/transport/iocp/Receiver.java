package io.gameport.transport.iocp;

import com.sun.jna.Native;
import io.gameport.nativeio.windows.WinError;
import io.gameport.nativeio.windows.Winsock;
import io.gameport.nativeio.windows.WsabufLayout;
import io.gameport.transport.Completions;
import java.nio.ByteBuffer;

/**
 * The armed receives of one {@link IocpPort}, in either {@link IocpReceiveMode}. Zero-byte: a
 * zero-length WSARecv pins no memory while the socket is idle; its completion means "readable",
 * and the socket is then drained with non-blocking {@code recv} into one port-owned buffer, at
 * most {@link IocpSettings#maxDrainRounds()} reads before re-posting, so one flooding peer cannot
 * starve the others. Posted buffers: each receive posts a buffer of its own, kept with its slot
 * for the port's lifetime. Either way each chunk of data completes with
 * {@link Completions#FLAG_MORE} and the receive stays armed until end of stream, an error, or an
 * abort.
 *
 * <p>Owner thread only.
 */
final class Receiver {

    private final IocpSettings settings;
    private final OverlappedStarts starts;
    private final OperationSlab slab;
    private final ByteBuffer mem;
    private final StartOutcomes outcomes;
    private final Delivery delivery;
    private final boolean zeroByte;
    private final long drainBuffer;
    private final ByteBuffer drainView;

    /** {@code drain}: the port's buffer the zero-byte mode reads a readable socket into. */
    Receiver(IocpSettings settings, OverlappedStarts starts, OperationSlab slab, StartOutcomes outcomes, Delivery delivery,
             NativeArea drain) {
        this.settings = settings;
        this.starts = starts;
        this.slab = slab;
        this.mem = slab.memory();
        this.outcomes = outcomes;
        this.delivery = delivery;
        this.zeroByte = settings.receiveMode() == IocpReceiveMode.ZERO_BYTE;
        this.drainBuffer = drain.address();
        this.drainView = drain.view();
    }

    /**
     * Gives the slot its posted buffer when the mode needs one and it has none yet. False when
     * the memory could not be had (the caller fails the receive).
     */
    boolean prepareBuffer(int slot) {
        if (zeroByte || slab.receiveBuffer[slot] != 0L) {
            return true;
        }
        long buffer = Native.malloc(settings.postedReceiveBufferBytes());
        if (buffer == 0L) {
            return false;
        }
        // Kept with the slot for the port's lifetime: reused by every later receive in this slot.
        slab.receiveBuffer[slot] = buffer;
        slab.receiveView[slot] = IocpPort.view(buffer, settings.postedReceiveBufferBytes());
        return true;
    }

    void start(int slot) {
        long address = slab.address(slot);
        int at = slab.offset(slot);
        slab.clearOverlapped(slot);
        int wsabuf = at + SlotLayout.WSABUF_OFFSET;
        if (zeroByte) {
            // A zero-length buffer pins no memory while the socket is idle; its completion means "readable".
            mem.putInt(wsabuf + WsabufLayout.LEN_OFFSET, 0);
            mem.putLong(wsabuf + WsabufLayout.BUF_OFFSET, address + SlotLayout.ADDRESS_OFFSET);
        } else {
            mem.putInt(wsabuf + WsabufLayout.LEN_OFFSET, settings.postedReceiveBufferBytes());
            mem.putLong(wsabuf + WsabufLayout.BUF_OFFSET, slab.receiveBuffer[slot]);
        }
        mem.putInt(at + SlotLayout.FLAGS_OFFSET, 0);
        mem.putInt(at + SlotLayout.BYTES_OFFSET, 0);
        outcomes.afterStart(slot, starts.wsaRecv(slab.owner[slot].handle, address + SlotLayout.WSABUF_OFFSET, 1,
                address + SlotLayout.BYTES_OFFSET, address + SlotLayout.FLAGS_OFFSET, address), "WSARecv");
    }

    /** The receive's WSARecv completed with {@code error} (0: success) and {@code bytes}. */
    void onCompletion(int slot, int error, int bytes) {
        if (zeroByte) {
            onZeroByteReceive(slot, error);
        } else {
            onPostedReceive(slot, error, bytes);
        }
    }

    private void onZeroByteReceive(int slot, int error) {
        if (slab.aborted[slot]) {
            delivery.finish(slot, Completions.failure(WinError.ERROR_OPERATION_ABORTED));
        } else if (error != 0) {
            delivery.finish(slot, Completions.failure(error));
        } else {
            drain(slot);
        }
    }

    /** The socket is readable: read it without blocking, bounded, then re-arm the zero-byte receive. */
    private void drain(int slot) {
        long handle = slab.owner[slot].handle;
        long token = slab.token[slot];
        int capacity = settings.drainBufferBytes();
        for (int round = 0; round < settings.maxDrainRounds(); round++) {
            int n = Winsock.recv(handle, drainBuffer, capacity, 0);
            if (n > 0) {
                drainView.clear().limit(n);
                delivery.deliver(token, n, Completions.FLAG_MORE, drainView);
                if (slab.aborted[slot]) {
                    delivery.finish(slot, Completions.failure(WinError.ERROR_OPERATION_ABORTED));
                    return;
                }
                continue;
            }
            if (n == 0) {
                delivery.finish(slot, 0L); // the follow-up read of a "readable" socket returned 0: end of stream
                return;
            }
            int error = Native.getLastError();
            if (error == WinError.WSAEWOULDBLOCK) {
                start(slot);
            } else {
                delivery.finish(slot, Completions.failure(error));
            }
            return;
        }
        // Still data after the round limit: re-arm; the zero-byte receive completes at once and
        // this socket takes its turn again after the others of this batch.
        start(slot);
    }

    private void onPostedReceive(int slot, int error, int bytes) {
        if (slab.aborted[slot]) {
            delivery.finish(slot, Completions.failure(WinError.ERROR_OPERATION_ABORTED));
            return;
        }
        if (error != 0) {
            delivery.finish(slot, Completions.failure(error));
            return;
        }
        if (bytes == 0) {
            delivery.finish(slot, 0L);
            return;
        }
        ByteBuffer data = slab.receiveView[slot];
        data.clear().limit(bytes);
        delivery.deliver(slab.token[slot], bytes, Completions.FLAG_MORE, data);
        if (slab.aborted[slot]) {
            delivery.finish(slot, Completions.failure(WinError.ERROR_OPERATION_ABORTED));
        } else {
            start(slot);
        }
    }
}

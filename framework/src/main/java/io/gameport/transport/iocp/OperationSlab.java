package io.gameport.transport.iocp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The fixed slots every IOCP operation of one port lives in: native memory for the kernel (see
 * {@link SlotLayout}) and, per slot, the Java-side state of the operation.
 *
 * <p>The native part is one address range reserved up front and committed a chunk at a time, so a
 * slot never moves and a completion's OVERLAPPED pointer maps back to its slot by arithmetic. A
 * slot is freed only by the code that consumed its completion (or that knows no completion can come),
 * never while the kernel may still write into it. Freeing bumps the slot's generation, so queued
 * references to an earlier use of the slot are recognised as stale.
 *
 * <p>Not thread-safe: owned by the port's worker thread.
 */
final class OperationSlab {

    /** Commits native pages of the reserved range; returns false when the OS refuses. */
    @FunctionalInterface
    interface Committer {
        boolean commit(long address, long bytes);
    }

    // Operation kinds.
    static final byte OP_NONE = 0;
    static final byte OP_RECEIVE = 1;
    static final byte OP_SEND = 2;
    static final byte OP_ACCEPT = 3;
    static final byte OP_CONNECT = 4;

    // Where a slot's operation currently is; decides who may finish it.
    static final byte FREE = 0;
    /** Started in the kernel: exactly one packet will be dequeued for it. */
    static final byte KERNEL = 1;
    /** Its outcome waits in the port's local queue (inline success or failure at start). */
    static final byte LOCAL = 2;
    /** Being processed by the port right now (zero-byte drain, or a completion's handler call). */
    static final byte ACTIVE = 3;
    /** Waiting in the retry queue after 1450/10055 at start. */
    static final byte RETRY = 4;

    /** Slots committed at a time: 64 KiB, Windows' allocation granularity. */
    static final int CHUNK_SLOTS = 128;

    private final long base;
    private final ByteBuffer memory;
    private final int maxSlots;
    private final Committer committer;
    private int committed;

    private int[] freeList = new int[0];
    private int freeCount;
    private int inUse;

    byte[] op = new byte[0];
    byte[] where = new byte[0];
    boolean[] aborted = new boolean[0];
    long[] token = new long[0];
    IocpSocket[] owner = new IocpSocket[0];
    /** ACCEPT: the pre-made accept socket; CONNECT: unused (the owner holds the socket). */
    long[] aux = new long[0];
    int[] nextOfSocket = new int[0];
    int[] prevOfSocket = new int[0];
    int[] attempts = new int[0];
    int[] generation = new int[0];
    int[] bufferCount = new int[0];
    long[] receiveBuffer = new long[0];
    ByteBuffer[] receiveView = new ByteBuffer[0];

    /**
     * @param base      start of a reserved range of {@code maxSlots * SlotLayout.SIZE} bytes
     * @param memory    a native-order view of that whole range (only committed parts are touched)
     */
    OperationSlab(long base, ByteBuffer memory, int maxSlots, Committer committer) {
        if (memory.capacity() < (long) maxSlots * SlotLayout.SIZE) {
            throw new IllegalArgumentException("view smaller than the slab");
        }
        this.base = base;
        this.memory = memory;
        this.maxSlots = maxSlots;
        this.committer = committer;
    }

    /** A free slot, or -1 when every slot of the reserved range is in use (or the OS refused to commit more). */
    int allocate() {
        if (freeCount == 0 && !grow()) {
            return -1;
        }
        int slot = freeList[--freeCount];
        inUse++;
        clearOverlapped(slot);
        aborted[slot] = false;
        attempts[slot] = 0;
        aux[slot] = -1L;
        nextOfSocket[slot] = -1;
        prevOfSocket[slot] = -1;
        return slot;
    }

    /** Returns a slot whose completion has been consumed. */
    void free(int slot) {
        if (where[slot] == FREE) {
            throw new IllegalStateException("slot " + slot + " freed twice");
        }
        where[slot] = FREE;
        op[slot] = OP_NONE;
        owner[slot] = null;
        generation[slot]++;
        freeList[freeCount++] = slot;
        inUse--;
    }

    /** The slot whose OVERLAPPED is at {@code overlapped}, or -1 when the pointer is not one of ours. */
    int slotOf(long overlapped) {
        long delta = overlapped - base;
        if (delta < 0 || delta >= (long) committed * SlotLayout.SIZE || (delta & (SlotLayout.SIZE - 1)) != 0) {
            return -1;
        }
        return (int) (delta >>> SlotLayout.SIZE_SHIFT);
    }

    long address(int slot) {
        return base + ((long) slot << SlotLayout.SIZE_SHIFT);
    }

    int offset(int slot) {
        return slot << SlotLayout.SIZE_SHIFT;
    }

    ByteBuffer memory() {
        return memory;
    }

    /** The OVERLAPPED must be all zero when an operation starts (no event, offset 0, status cleared). */
    void clearOverlapped(int slot) {
        int at = offset(slot);
        memory.putLong(at, 0L);
        memory.putLong(at + 8, 0L);
        memory.putLong(at + 16, 0L);
        memory.putLong(at + 24, 0L);
    }

    /** The NTSTATUS the kernel left in {@code OVERLAPPED.Internal} (low 32 bits of the ULONG_PTR). */
    int status(int slot) {
        return memory.getInt(offset(slot));
    }

    int inUse() {
        return inUse;
    }

    int committedSlots() {
        return committed;
    }

    private boolean grow() {
        if (committed >= maxSlots) {
            return false;
        }
        int add = Math.min(CHUNK_SLOTS, maxSlots - committed);
        if (!committer.commit(address(committed), (long) add * SlotLayout.SIZE)) {
            return false;
        }
        int newSize = committed + add;
        op = Arrays.copyOf(op, newSize);
        where = Arrays.copyOf(where, newSize);
        aborted = Arrays.copyOf(aborted, newSize);
        token = Arrays.copyOf(token, newSize);
        owner = Arrays.copyOf(owner, newSize);
        aux = Arrays.copyOf(aux, newSize);
        nextOfSocket = Arrays.copyOf(nextOfSocket, newSize);
        prevOfSocket = Arrays.copyOf(prevOfSocket, newSize);
        attempts = Arrays.copyOf(attempts, newSize);
        generation = Arrays.copyOf(generation, newSize);
        bufferCount = Arrays.copyOf(bufferCount, newSize);
        receiveBuffer = Arrays.copyOf(receiveBuffer, newSize);
        receiveView = Arrays.copyOf(receiveView, newSize);
        freeList = Arrays.copyOf(freeList, newSize);
        // Hand out low indices first: they were committed first and are likelier warm.
        for (int slot = newSize - 1; slot >= committed; slot--) {
            freeList[freeCount++] = slot;
        }
        committed = newSize;
        return true;
    }
}

package io.gameport.transport.iouring;

import java.util.Arrays;

/**
 * Every operation the port has in flight, as a slot in parallel arrays (no object per operation).
 * The caller's token is opaque to the port, so the kernel's {@code user_data} carries the slot
 * instead, packed by {@link #userData}:
 *
 * <pre>
 *   bits 63..40  generation (24 bits, never 0)   bits 39..32  sub-operation   bits 31..0  slot index
 * </pre>
 *
 * The generation changes whenever a slot is freed, so a stale or foreign user_data never matches
 * a live slot ({@link #slotOf} returns -1 and the port counts and drops it). Sub-operations tell
 * apart the several SQEs of one slot (the close chain, the accept back-off timer).
 *
 * <p>Thread contract: owner thread only. Grows (allocating) when every slot is busy.
 */
final class OperationTable {

    static final byte FREE = 0;
    static final byte WAKE = 1;
    static final byte ACCEPT = 2;
    static final byte RECEIVE = 3;
    static final byte SEND = 4;
    static final byte SENDMSG = 5;
    static final byte CONNECT = 6;
    static final byte CLOSE = 7;
    static final byte CLOSE_LISTENER = 8;
    /** Internal ASYNC_CANCEL issued by {@code cancel} or by the port's own close. */
    static final byte CANCEL = 9;

    /** The caller asked to cancel or close: never re-arm, finish as aborted. */
    static final int STATE_CLOSING = 1;
    /** A receive ended by ENOBUFS, waiting for recycled buffers; nothing is in the kernel. */
    static final int STATE_STARVED = 2;
    /** An accept waiting on its back-off TIMEOUT before re-arming. */
    static final int STATE_BACKOFF = 4;
    /** Completed without a CQE; the result waits in {@link #result} for the next poll. */
    static final int STATE_DEFERRED = 8;

    static final int SUB_MAIN = 0;
    static final int SUB_CLOSE_CANCEL = 1;
    static final int SUB_CLOSE_SHUTDOWN = 2;
    static final int SUB_ACCEPT_TIMER = 3;

    private static final int GENERATION_MASK = 0xFFFFFF;

    private long[] token;
    private int[] fd;
    private byte[] kind;
    private int[] generation;
    private int[] block;
    private long[] argument;
    private int[] length;
    private int[] state;
    private long[] result;
    private int[] free;
    private int freeCount;
    private int live;

    OperationTable(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        token = new long[capacity];
        fd = new int[capacity];
        kind = new byte[capacity];
        generation = new int[capacity];
        block = new int[capacity];
        argument = new long[capacity];
        length = new int[capacity];
        state = new int[capacity];
        result = new long[capacity];
        free = new int[capacity];
        Arrays.fill(generation, 1);
        Arrays.fill(block, -1);
        for (int i = capacity - 1; i >= 0; i--) {
            free[freeCount++] = i;
        }
    }

    int allocate(byte opKind, int socketFd, long callerToken) {
        if (freeCount == 0) {
            grow();
        }
        int slot = free[--freeCount];
        kind[slot] = opKind;
        fd[slot] = socketFd;
        token[slot] = callerToken;
        state[slot] = 0;
        block[slot] = -1;
        argument[slot] = 0;
        length[slot] = 0;
        result[slot] = 0;
        live++;
        return slot;
    }

    /** Frees the slot; its user_data values stop matching. The native block must be released first. */
    void free(int slot) {
        int next = (generation[slot] + 1) & GENERATION_MASK;
        generation[slot] = next == 0 ? 1 : next;
        kind[slot] = FREE;
        state[slot] = 0;
        block[slot] = -1;
        free[freeCount++] = slot;
        live--;
    }

    long userData(int slot, int subOperation) {
        return ((long) generation[slot] << 40) | ((long) subOperation << 32) | (slot & 0xFFFFFFFFL);
    }

    /** The live slot a CQE's user_data names, or -1 when it names none (stale, foreign, or freed). */
    int slotOf(long userData) {
        long index = userData & 0xFFFFFFFFL;
        if (index >= kind.length) {
            return -1;
        }
        int slot = (int) index;
        if (kind[slot] == FREE || generation[slot] != (int) (userData >>> 40)) {
            return -1;
        }
        return slot;
    }

    static int subOperation(long userData) {
        return (int) (userData >>> 32) & 0xFF;
    }

    int capacity() {
        return kind.length;
    }

    int live() {
        return live;
    }

    byte kind(int slot) {
        return kind[slot];
    }

    long token(int slot) {
        return token[slot];
    }

    int fd(int slot) {
        return fd[slot];
    }

    int block(int slot) {
        return block[slot];
    }

    void block(int slot, int nativeBlock) {
        block[slot] = nativeBlock;
    }

    long argument(int slot) {
        return argument[slot];
    }

    void argument(int slot, long value) {
        argument[slot] = value;
    }

    int length(int slot) {
        return length[slot];
    }

    void length(int slot, int value) {
        length[slot] = value;
    }

    long result(int slot) {
        return result[slot];
    }

    void result(int slot, long value) {
        result[slot] = value;
    }

    boolean has(int slot, int stateBit) {
        return (state[slot] & stateBit) != 0;
    }

    void set(int slot, int stateBit) {
        state[slot] |= stateBit;
    }

    void clear(int slot, int stateBit) {
        state[slot] &= ~stateBit;
    }

    private void grow() {
        int old = kind.length;
        int capacity = old << 1;
        token = Arrays.copyOf(token, capacity);
        fd = Arrays.copyOf(fd, capacity);
        kind = Arrays.copyOf(kind, capacity);
        generation = Arrays.copyOf(generation, capacity);
        block = Arrays.copyOf(block, capacity);
        argument = Arrays.copyOf(argument, capacity);
        length = Arrays.copyOf(length, capacity);
        state = Arrays.copyOf(state, capacity);
        result = Arrays.copyOf(result, capacity);
        free = Arrays.copyOf(free, capacity);
        Arrays.fill(generation, old, capacity, 1);
        Arrays.fill(block, old, capacity, -1);
        for (int i = capacity - 1; i >= old; i--) {
            free[freeCount++] = i;
        }
    }
}

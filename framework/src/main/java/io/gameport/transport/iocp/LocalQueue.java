package io.gameport.transport.iocp;

import java.util.Arrays;

/**
 * Outcomes the port knows without a packet: inline successes (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS),
 * failures at start, close completions, cancelled retries. They are delivered by the next
 * {@link IocpPort#poll}, so every operation reports through one path and a start method never
 * calls the handler re-entrantly. A FIFO ring of parallel primitive arrays that grows by doubling.
 * Owned by the port's worker thread.
 */
final class LocalQueue {

    /** An entry that completes a slot; otherwise the entry is a ready-made delivery. */
    static final int NO_SLOT = -1;

    private long[] tokens;
    private long[] results;
    private int[] flags;
    private int[] slots;
    private int[] generations;
    private int head;
    private int size;

    LocalQueue(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(8, initialCapacity - 1) << 1);
        tokens = new long[capacity];
        results = new long[capacity];
        flags = new int[capacity];
        slots = new int[capacity];
        generations = new int[capacity];
    }

    /** A completion to deliver as is. */
    void addDelivery(long token, long result, int completionFlags) {
        int at = reserve();
        tokens[at] = token;
        results[at] = result;
        flags[at] = completionFlags;
        slots[at] = NO_SLOT;
    }

    /** A slot to complete with a Win32/Winsock error (0 = success) and a byte count. */
    void addSlot(int slot, int generation, int error, int bytes) {
        int at = reserve();
        slots[at] = slot;
        generations[at] = generation;
        results[at] = ((long) error << 32) | (bytes & 0xFFFFFFFFL);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Removes the head; read it with the accessors below first. */
    void pop() {
        head = (head + 1) & (tokens.length - 1);
        size--;
    }

    int headSlot() {
        return slots[head];
    }

    int headGeneration() {
        return generations[head];
    }

    int headError() {
        return (int) (results[head] >>> 32);
    }

    int headBytes() {
        return (int) results[head];
    }

    long headToken() {
        return tokens[head];
    }

    long headResult() {
        return results[head];
    }

    int headFlags() {
        return flags[head];
    }

    private int reserve() {
        if (size == tokens.length) {
            grow();
        }
        int at = (head + size) & (tokens.length - 1);
        size++;
        return at;
    }

    private void grow() {
        int capacity = tokens.length * 2;
        tokens = unwrap(tokens, capacity);
        results = unwrap(results, capacity);
        flags = unwrap(flags, capacity);
        slots = unwrap(slots, capacity);
        generations = unwrap(generations, capacity);
        head = 0;
    }

    private long[] unwrap(long[] old, int capacity) {
        long[] copy = new long[capacity];
        for (int i = 0; i < size; i++) {
            copy[i] = old[(head + i) & (old.length - 1)];
        }
        return copy;
    }

    private int[] unwrap(int[] old, int capacity) {
        int[] copy = new int[capacity];
        for (int i = 0; i < size; i++) {
            copy[i] = old[(head + i) & (old.length - 1)];
        }
        return copy;
    }

    @Override
    public String toString() {
        return "LocalQueue{size=" + size + ", capacity=" + tokens.length + ", slots=" + Arrays.toString(slots) + "}";
    }
}

package io.gameport.transport.iocp;

import java.util.Arrays;

/**
 * Operations whose start failed with ERROR_NO_SYSTEM_RESOURCES (1450) or WSAENOBUFS (10055),
 * waiting for their back-off to pass. Few at a time (a whole port short of kernel memory), so a
 * plain array scanned per poll is enough. Entries carry the slot's generation: one whose slot was
 * meanwhile finished (closed, cancelled) is dropped. Owned by the port's worker thread.
 */
final class RetryQueue {

    private int[] slots = new int[8];
    private int[] generations = new int[8];
    private long[] dueNanos = new long[8];
    private int size;

    void add(int slot, int generation, long dueAtNanos) {
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, size * 2);
            generations = Arrays.copyOf(generations, size * 2);
            dueNanos = Arrays.copyOf(dueNanos, size * 2);
        }
        slots[size] = slot;
        generations[size] = generation;
        dueNanos[size] = dueAtNanos;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Nanoseconds from {@code now} until the earliest entry is due (0 when one is due already). */
    long nanosUntilNext(long now) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            earliest = Math.min(earliest, dueNanos[i] - now);
        }
        return Math.max(0L, earliest);
    }

    /** Visits every entry due at {@code now} (removing it first), in insertion order. */
    void drainDue(long now, DueVisitor visitor) {
        int kept = 0;
        int due = 0;
        int[] dueSlots = null;
        int[] dueGenerations = null;
        for (int i = 0; i < size; i++) {
            if (dueNanos[i] - now <= 0) {
                if (dueSlots == null) {
                    dueSlots = new int[size];
                    dueGenerations = new int[size];
                }
                dueSlots[due] = slots[i];
                dueGenerations[due] = generations[i];
                due++;
            } else {
                slots[kept] = slots[i];
                generations[kept] = generations[i];
                dueNanos[kept] = dueNanos[i];
                kept++;
            }
        }
        size = kept;
        for (int i = 0; i < due; i++) {
            visitor.due(dueSlots[i], dueGenerations[i]);
        }
    }

    @FunctionalInterface
    interface DueVisitor {
        void due(int slot, int generation);
    }
}

package io.gameport.net;

/**
 * The free buffers of one worker's pool and how many of them it keeps. Between two trims nothing
 * taken is ever dropped: a broadcast that needs a buffer for every connection of the worker, tick
 * after tick, reuses the same memory instead of allocating and zeroing direct buffers whose
 * native memory only the collector's reference processing gives back. At each {@link #trim} the
 * pool keeps as many buffers, in use and free together, as were in use at once since the trim
 * before (at least the floor), so a one-off burst is given back within two trim periods.
 *
 * <p>Everything the pool has handed out or holds, in use plus free, never exceeds the most that
 * were in use at once since the trim before the last (or the floor): keeping buffers costs no
 * memory beyond that busiest moment's. Worker thread only: no locks.
 *
 * @param <T> the pooled buffer type
 */
final class RetainedBuffers<T> {

    private final int floor;
    private Object[] free = new Object[16];
    private int size;
    private int inUse;
    private int peakSinceTrim;

    /** @param floor buffers a trim always leaves (in use plus free) */
    RetainedBuffers(int floor) {
        if (floor < 0) {
            throw new IllegalArgumentException("floor must be at least 0, was " + floor);
        }
        this.floor = floor;
    }

    /** A kept buffer, or null when none is free (the caller allocates one); either way it counts as in use. */
    @SuppressWarnings("unchecked")
    T take() {
        inUse++;
        if (inUse > peakSinceTrim) {
            peakSinceTrim = inUse;
        }
        if (size == 0) {
            return null;
        }
        T buffer = (T) free[--size];
        free[size] = null;
        return buffer;
    }

    /** The allocation after a null {@link #take} failed: nothing is in use for it. */
    void notTaken() {
        inUse--;
    }

    /** A buffer from {@link #take} (or allocated after it returned null) is back; kept until a trim. */
    void give(T buffer) {
        inUse--;
        if (size == free.length) {
            Object[] bigger = new Object[free.length * 2];
            System.arraycopy(free, 0, bigger, 0, size);
            free = bigger;
        }
        free[size++] = buffer;
    }

    /**
     * Drops free buffers (to the collector) until in use plus free is at most the peak in use
     * since the last trim, or the floor if higher; starts a new period. Returns how many it dropped.
     */
    int trim() {
        int keep = Math.max(floor, peakSinceTrim);
        int dropped = 0;
        while (size > 0 && size + inUse > keep) {
            free[--size] = null;
            dropped++;
        }
        if (free.length > 16 && size < free.length / 4) {
            Object[] smaller = new Object[Math.max(16, Integer.highestOneBit(Math.max(1, size)) * 2)];
            System.arraycopy(free, 0, smaller, 0, size);
            free = smaller;
        }
        peakSinceTrim = inUse;
        return dropped;
    }

    /** Free buffers kept now. */
    int freeCount() {
        return size;
    }

    /** Buffers taken and not given back. */
    int inUseCount() {
        return inUse;
    }
}

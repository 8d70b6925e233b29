package io.gameport.net;

import java.util.Arrays;
import java.util.List;

/**
 * The connections of one {@link IoWorker}, by slot. A completion's token names a slot and the
 * slot's generation: a slot is reused once its connection is released, and the generation, bumped
 * at each release, tells a late completion for the old connection from one for the new. Freed
 * slots are reused before new ones are taken, so the scans below cover only slots ever used.
 *
 * <p>Worker thread only.
 */
final class ConnectionTable {

    private final int workerIndex;
    private Connection[] slots = new Connection[64];
    private int[] generations = new int[64];
    /** A receive completed for the slot's connection since the last peer-probe sweep. */
    private boolean[] heardSinceProbe = new boolean[64];
    /** Bytes arrived for the slot's connection since the last idle sweep. */
    private boolean[] receivedSinceIdleSweep = new boolean[64];
    /** Idle sweeps in a row that found nothing received for the slot's connection. */
    private int[] silentSweeps = new int[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    /** One past the highest slot ever taken: the end of every scan. */
    private int highestSlot;
    private int live;

    ConnectionTable(int workerIndex) {
        this.workerIndex = workerIndex;
    }

    /** Takes a free slot (growing the table when none is); its connection must be {@link #put} next. */
    int takeSlot() {
        int slot = freeCount > 0 ? freeSlots[--freeCount] : highestSlot++;
        if (slot >= Token.MAX_SLOTS) {
            throw new IllegalStateException("worker " + workerIndex + " has no free connection slot");
        }
        if (slot >= slots.length) {
            int size = Math.max(slots.length * 2, slot + 1);
            slots = Arrays.copyOf(slots, size);
            generations = Arrays.copyOf(generations, size);
            heardSinceProbe = Arrays.copyOf(heardSinceProbe, size);
            receivedSinceIdleSweep = Arrays.copyOf(receivedSinceIdleSweep, size);
            silentSweeps = Arrays.copyOf(silentSweeps, size);
        }
        return slot;
    }

    /** The generation a connection put into {@code slot} now gets. */
    int generation(int slot) {
        return generations[slot];
    }

    void put(Connection connection) {
        slots[connection.slot] = connection;
        // New since the last sweep: first asked about a whole probe period from now.
        heardSinceProbe[connection.slot] = true;
        receivedSinceIdleSweep[connection.slot] = false;
        silentSweeps[connection.slot] = 0;
        live++;
    }

    /** The connection a token's slot and generation name, or null when it was released. */
    Connection get(int slot, int generation) {
        Connection connection = slot < slots.length ? slots[slot] : null;
        return connection != null && connection.generation == generation ? connection : null;
    }

    /** Frees the connection's slot for reuse under the next generation. */
    void release(Connection connection) {
        int slot = connection.slot;
        slots[slot] = null;
        generations[slot]++;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = slot;
        live--;
    }

    /** Connections held, closing ones included. */
    int live() {
        return live;
    }

    /** Starts closing every open connection with {@code reason}. */
    void closeOpen(CloseReason reason) {
        for (int i = 0; i < highestSlot; i++) {
            Connection connection = slots[i];
            if (connection != null && connection.state() == Connection.OPEN) {
                connection.startClose(reason);
            }
        }
    }

    /** One idle sweep: closes every open connection that received nothing during its last {@code sweeps} sweeps ({@link CloseReason#IDLE_TIMEOUT}). */
    void closeSilent(int sweeps) {
        for (int i = 0; i < highestSlot; i++) {
            Connection connection = slots[i];
            if (connection == null || connection.state() != Connection.OPEN) {
                continue;
            }
            if (receivedSinceIdleSweep[i]) {
                receivedSinceIdleSweep[i] = false;
                silentSweeps[i] = 0;
            } else if (++silentSweeps[i] >= sweeps) {
                connection.startClose(CloseReason.IDLE_TIMEOUT);
            }
        }
    }

    /**
     * A receive completed for the connection in {@code slot} ({@code bytes}: with data): the next
     * peer-probe sweep skips it, and with data the idle sweeps start counting again. Plain writes.
     */
    void heard(int slot, boolean bytes) {
        heardSinceProbe[slot] = true;
        if (bytes) {
            receivedSinceIdleSweep[slot] = true;
        }
    }

    /**
     * One peer-probe sweep: every open connection that received nothing since the last sweep is
     * {@link PeerProbe#probe probed}; the others are only marked unheard for the next one.
     */
    void probeSilent(PeerProbe probe) {
        for (int i = 0; i < highestSlot; i++) {
            if (heardSinceProbe[i]) {
                heardSinceProbe[i] = false;
                continue;
            }
            Connection connection = slots[i];
            if (connection != null && connection.state() == Connection.OPEN) {
                probe.probe(connection);
            }
        }
    }

    /** The connection whose partial frame holds the most bytes, or null when none holds any. */
    Connection largestPartialFrame() {
        Connection largest = null;
        int most = 0;
        for (int i = 0; i < highestSlot; i++) {
            Connection connection = slots[i];
            if (connection != null && connection.partialFrameBytes() > most) {
                most = connection.partialFrameBytes();
                largest = connection;
            }
        }
        return largest;
    }

    /** The port died: every connection ends without it and is added to {@code into}, whose memory it keeps. */
    void abandonAll(List<Connection> into) {
        for (int i = 0; i < highestSlot; i++) {
            Connection connection = slots[i];
            if (connection != null) {
                connection.abandon();
                into.add(connection);
            }
        }
    }
}

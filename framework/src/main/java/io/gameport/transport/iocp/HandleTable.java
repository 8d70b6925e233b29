package io.gameport.transport.iocp;

import java.util.Arrays;

/**
 * SOCKET handle to {@link IocpSocket}, open addressing with linear probing on primitive keys, so a
 * lookup on the I/O path neither boxes nor allocates. Owned by the port's worker thread.
 */
final class HandleTable {

    private long[] keys;
    private IocpSocket[] values;
    private int size;

    HandleTable(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
        keys = new long[capacity];
        values = new IocpSocket[capacity];
    }

    IocpSocket get(long handle) {
        int mask = keys.length - 1;
        for (int i = index(handle, mask); ; i = (i + 1) & mask) {
            IocpSocket value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == handle) {
                return value;
            }
        }
    }

    void put(long handle, IocpSocket socket) {
        if ((size + 1) * 4 > keys.length * 3) {
            rehash(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int i = index(handle, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = handle;
                values[i] = socket;
                size++;
                return;
            }
            if (keys[i] == handle) {
                values[i] = socket;
                return;
            }
        }
    }

    IocpSocket remove(long handle) {
        int mask = keys.length - 1;
        int i = index(handle, mask);
        while (values[i] != null && keys[i] != handle) {
            i = (i + 1) & mask;
        }
        IocpSocket removed = values[i];
        if (removed == null) {
            return null;
        }
        values[i] = null;
        size--;
        // Backward-shift deletion: move later members of the probe run into the hole so that
        // lookups, which stop at the first empty cell, still find them.
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = index(keys[j], mask);
            boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!between) {
                keys[i] = keys[j];
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
        return removed;
    }

    int size() {
        return size;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        IocpSocket[] oldValues = values;
        keys = new long[capacity];
        values = new IocpSocket[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
        Arrays.fill(oldValues, null);
    }

    private static int index(long handle, int mask) {
        // Handles are multiples of 4: mix the bits so consecutive handles spread out.
        long h = handle * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}

package io.gameport.transport.iouring;

/** A growable FIFO of ints for one thread; allocates only when it grows. */
final class IntQueue {

    private int[] elements;
    private int head;
    private int size;

    IntQueue(int initialCapacity) {
        elements = new int[Math.max(4, Integer.highestOneBit(Math.max(1, initialCapacity - 1)) << 1)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(int value) {
        if (size == elements.length) {
            grow();
        }
        elements[(head + size) & (elements.length - 1)] = value;
        size++;
    }

    int peek() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return elements[head];
    }

    int poll() {
        int value = peek();
        head = (head + 1) & (elements.length - 1);
        size--;
        return value;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        int[] larger = new int[elements.length << 1];
        for (int i = 0; i < size; i++) {
            larger[i] = elements[(head + i) & (elements.length - 1)];
        }
        elements = larger;
        head = 0;
    }
}

package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalQueueTest {

    @Test
    void deliversDeliveriesAndSlotEntriesInFifoOrderAcrossGrowth() {
        LocalQueue queue = new LocalQueue(2);
        // Advance the head first so growth has to unwrap a wrapped ring.
        queue.addDelivery(-1, -1, 0);
        queue.pop();
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                queue.addDelivery(i, -i, i & 1);
            } else {
                queue.addSlot(i, i * 10, 10055, i * 3);
            }
        }
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                assertEquals(LocalQueue.NO_SLOT, queue.headSlot());
                assertEquals(i, queue.headToken());
                assertEquals(-i, queue.headResult());
            } else {
                assertEquals(i, queue.headSlot());
                assertEquals(i * 10, queue.headGeneration());
                assertEquals(10055, queue.headError());
                assertEquals(i * 3, queue.headBytes());
            }
            queue.pop();
        }
        assertTrue(queue.isEmpty());
    }

    @Test
    void slotEntryKeepsLargeByteCountsAndZeroError() {
        LocalQueue queue = new LocalQueue(8);
        queue.addSlot(3, 7, 0, Integer.MAX_VALUE);
        assertEquals(0, queue.headError());
        assertEquals(Integer.MAX_VALUE, queue.headBytes());
    }
}

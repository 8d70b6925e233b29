package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntQueueTest {

    @Test
    void keepsFifoOrderAcrossWrapAroundAndGrowth() {
        IntQueue queue = new IntQueue(4);
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < round % 7 + 1; i++) {
                queue.add(next++);
            }
            for (int i = 0; i < round % 3 + 1 && !queue.isEmpty(); i++) {
                assertEquals(expected++, queue.poll());
            }
        }
        while (!queue.isEmpty()) {
            assertEquals(expected++, queue.poll());
        }
        assertEquals(next, expected);
        assertTrue(queue.isEmpty());
        assertThrows(IllegalStateException.class, queue::poll);
    }
}

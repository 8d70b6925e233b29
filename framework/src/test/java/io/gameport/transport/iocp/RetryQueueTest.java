package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryQueueTest {

    @Test
    void visitsOnlyDueEntriesAndKeepsTheRest() {
        RetryQueue queue = new RetryQueue();
        for (int i = 0; i < 20; i++) {
            queue.add(i, 100 + i, 1_000L * i);
        }
        List<Integer> visited = new ArrayList<>();
        queue.drainDue(9_500L, (slot, generation) -> {
            assertEquals(100 + slot, generation);
            visited.add(slot);
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), visited);
        assertEquals(500L, queue.nanosUntilNext(9_500L));
        visited.clear();
        queue.drainDue(Long.MAX_VALUE / 2, (slot, generation) -> visited.add(slot));
        assertEquals(10, visited.size());
        assertTrue(queue.isEmpty());
    }

    @Test
    void anEntryAddedWhileVisitingWaitsForTheNextRound() {
        RetryQueue queue = new RetryQueue();
        queue.add(1, 1, 0L);
        List<Integer> visited = new ArrayList<>();
        queue.drainDue(10L, (slot, generation) -> {
            visited.add(slot);
            queue.add(slot + 1, generation, 5L); // due already, but must not be visited in this pass
        });
        assertEquals(List.of(1), visited);
        assertEquals(0L, queue.nanosUntilNext(10L));
    }
}

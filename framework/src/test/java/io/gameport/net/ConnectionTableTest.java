package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Slots, generations and reuse, with connections that never open a socket. */
class ConnectionTableTest {

    private final ConnectionTable table = new ConnectionTable(0);
    private final ChunkPool pool = new ChunkPool(1024, 0);
    private final PartialFrameBudget budget = new PartialFrameBudget(1 << 20);

    @Test
    void aLateCompletionForAReleasedConnectionFindsNothingOnceItsSlotIsReused() {
        Connection first = add();
        assertSame(first, table.get(first.slot, first.generation));
        table.release(first);
        assertNull(table.get(first.slot, first.generation), "released");

        Connection second = add();
        assertEquals(first.slot, second.slot, "a freed slot is taken before a new one");
        assertEquals(first.generation + 1, second.generation);
        assertNull(table.get(first.slot, first.generation), "the old connection's token names no one");
        assertSame(second, table.get(second.slot, second.generation));
    }

    @Test
    void theTableGrowsPastItsFirstSizeAndCountsWhatItHolds() {
        Connection[] held = new Connection[200];
        for (int i = 0; i < held.length; i++) {
            held[i] = add();
        }
        assertEquals(200, table.live());
        for (Connection connection : held) {
            assertSame(connection, table.get(connection.slot, connection.generation));
        }
        table.release(held[7]);
        assertEquals(199, table.live());
        assertNull(table.get(1_000_000, 0), "a slot never taken");
    }

    private Connection add() {
        int slot = table.takeSlot();
        Connection connection = new Connection(slot, null, null, slot, table.generation(slot), 1024, pool, budget);
        table.put(connection);
        return connection;
    }
}

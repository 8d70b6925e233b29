package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class OperationTableTest {

    @Test
    void userDataNamesTheSlotAndSubOperation() {
        OperationTable table = new OperationTable(16);
        int slot = table.allocate(OperationTable.CLOSE, 42, 7L);
        long main = table.userData(slot, OperationTable.SUB_MAIN);
        long shutdown = table.userData(slot, OperationTable.SUB_CLOSE_SHUTDOWN);
        assertEquals(slot, table.slotOf(main));
        assertEquals(slot, table.slotOf(shutdown));
        assertEquals(OperationTable.SUB_CLOSE_SHUTDOWN, OperationTable.subOperation(shutdown));
        assertEquals(7L, table.token(slot));
        assertEquals(42, table.fd(slot));
    }

    @Test
    void aFreedSlotsUserDataNoLongerMatchesEvenWhenTheSlotIsReused() {
        OperationTable table = new OperationTable(16);
        int slot = table.allocate(OperationTable.SEND, 3, 1L);
        long stale = table.userData(slot, OperationTable.SUB_MAIN);
        table.free(slot);
        assertEquals(-1, table.slotOf(stale));
        int reused = table.allocate(OperationTable.SEND, 3, 2L);
        assertEquals(slot, reused, "the free list is LIFO");
        assertEquals(-1, table.slotOf(stale), "the generation changed");
        assertNotEquals(stale, table.userData(reused, OperationTable.SUB_MAIN));
    }

    @Test
    void foreignUserDataMatchesNothing() {
        OperationTable table = new OperationTable(16);
        assertEquals(-1, table.slotOf(0L));
        assertEquals(-1, table.slotOf(0xFFFF_FFFF_FFFF_FFFFL));
        assertEquals(-1, table.slotOf(5L), "slot 5 is free");
    }

    @Test
    void growingKeepsLiveSlotsAndTheirUserData() {
        OperationTable table = new OperationTable(16);
        int first = table.allocate(OperationTable.RECEIVE, 9, 99L);
        long userData = table.userData(first, OperationTable.SUB_MAIN);
        for (int i = 0; i < 100; i++) {
            table.allocate(OperationTable.SEND, i, i);
        }
        assertEquals(101, table.live());
        assertEquals(first, table.slotOf(userData));
        assertEquals(99L, table.token(first));
    }
}

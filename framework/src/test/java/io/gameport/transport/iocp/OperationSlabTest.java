package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The slab's bookkeeping over plain direct memory (no Windows needed: the base is only arithmetic here). */
class OperationSlabTest {

    private static final long BASE = 0x7f00_0000_0000L;

    private static OperationSlab slab(int maxSlots, int[] commits) {
        ByteBuffer memory = ByteBuffer.allocateDirect(maxSlots * SlotLayout.SIZE).order(ByteOrder.nativeOrder());
        return new OperationSlab(BASE, memory, maxSlots, (address, bytes) -> {
            commits[0]++;
            return true;
        });
    }

    @Test
    void completionPointerMapsBackToItsSlot() {
        OperationSlab slab = slab(300, new int[1]);
        for (int i = 0; i < 200; i++) {
            int slot = slab.allocate();
            assertEquals(slot, slab.slotOf(slab.address(slot)));
        }
    }

    @Test
    void pointersOutsideCommittedSlotsOrMisalignedAreNotOurs() {
        OperationSlab slab = slab(300, new int[1]);
        int slot = slab.allocate();
        assertEquals(-1, slab.slotOf(slab.address(slot) + 8));
        assertEquals(-1, slab.slotOf(BASE - SlotLayout.SIZE));
        assertEquals(-1, slab.slotOf(BASE + (long) OperationSlab.CHUNK_SLOTS * SlotLayout.SIZE), "not committed yet");
        assertEquals(-1, slab.slotOf(0L));
    }

    @Test
    void commitsOneChunkAtATimeUpToTheMaximumThenRefuses() {
        int[] commits = new int[1];
        OperationSlab slab = slab(300, commits);
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            slots.add(slab.allocate());
        }
        assertEquals(300, slots.size());
        assertEquals(3, commits[0], "128 + 128 + 44");
        assertEquals(-1, slab.allocate());
        assertEquals(300, slab.inUse());
    }

    @Test
    void freeingBumpsTheGenerationAndMakesTheSlotReusable() {
        OperationSlab slab = slab(128, new int[1]);
        int slot = slab.allocate();
        slab.where[slot] = OperationSlab.ACTIVE;
        int generation = slab.generation[slot];
        slab.free(slot);
        assertNotEquals(generation, slab.generation[slot]);
        assertEquals(0, slab.inUse());
        assertEquals(slot, slab.allocate());
    }

    @Test
    void freeingTwiceIsABug() {
        OperationSlab slab = slab(128, new int[1]);
        int slot = slab.allocate();
        slab.where[slot] = OperationSlab.ACTIVE;
        slab.free(slot);
        assertThrows(IllegalStateException.class, () -> slab.free(slot));
    }

    @Test
    void allocatedSlotStartsWithAZeroOverlapped() {
        OperationSlab slab = slab(128, new int[1]);
        int slot = slab.allocate();
        for (int i = 0; i < 32; i += 8) {
            slab.memory().putLong(slab.offset(slot) + i, -1L);
        }
        slab.where[slot] = OperationSlab.ACTIVE;
        slab.free(slot);
        int again = slab.allocate();
        assertEquals(slot, again);
        for (int i = 0; i < 32; i += 8) {
            assertEquals(0L, slab.memory().getLong(slab.offset(again) + i));
        }
        assertEquals(0, slab.status(again));
    }

    @Test
    void refusedCommitMeansNoSlot() {
        ByteBuffer memory = ByteBuffer.allocateDirect(128 * SlotLayout.SIZE);
        OperationSlab slab = new OperationSlab(BASE, memory, 128, (address, bytes) -> false);
        assertEquals(-1, slab.allocate());
    }
}

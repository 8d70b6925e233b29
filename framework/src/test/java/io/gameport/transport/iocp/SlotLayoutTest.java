package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.windows.OverlappedLayout;
import io.gameport.nativeio.windows.WinConstants;
import io.gameport.nativeio.windows.WsabufLayout;
import org.junit.jupiter.api.Test;

class SlotLayoutTest {

    @Test
    void overlappedIsAtOffsetZeroSoTheCompletionPointerIsTheSlot() {
        assertEquals(0, SlotLayout.OVERLAPPED_OFFSET);
    }

    @Test
    void fieldsFollowEachOtherWithoutOverlapAndFitTheSlot() {
        assertEquals(OverlappedLayout.SIZE, SlotLayout.BYTES_OFFSET);
        assertEquals(SlotLayout.BYTES_OFFSET + 4, SlotLayout.FLAGS_OFFSET);
        assertEquals(SlotLayout.FLAGS_OFFSET + 4, SlotLayout.RESULT_FLAGS_OFFSET);
        assertEquals(SlotLayout.RESULT_FLAGS_OFFSET + 4, SlotLayout.SOCKADDR_LENGTH_OFFSET);
        assertEquals(SlotLayout.SOCKADDR_LENGTH_OFFSET + 4, SlotLayout.WSABUF_OFFSET);
        assertEquals(SlotLayout.WSABUF_OFFSET + SlotLayout.MAX_WSABUFS * WsabufLayout.SIZE, SlotLayout.ADDRESS_OFFSET);
        assertEquals(2 * WinConstants.ACCEPTEX_ADDRESS_BYTES, SlotLayout.ADDRESS_LENGTH);
        assertTrue(SlotLayout.ADDRESS_OFFSET + SlotLayout.ADDRESS_LENGTH <= SlotLayout.SIZE);
    }

    @Test
    void pointerSizedFieldsAreEightAligned() {
        assertEquals(0, SlotLayout.WSABUF_OFFSET % WsabufLayout.ALIGNMENT);
        assertEquals(0, SlotLayout.ADDRESS_OFFSET % 8);
        assertEquals(0, SlotLayout.SIZE % OverlappedLayout.ALIGNMENT);
        assertEquals(SlotLayout.SIZE, 1 << SlotLayout.SIZE_SHIFT);
    }
}

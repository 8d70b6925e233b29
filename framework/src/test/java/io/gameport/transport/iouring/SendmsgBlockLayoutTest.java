package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.linux.MsghdrLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The block a gathering send hands to IORING_OP_SENDMSG, read back at the x86-64/aarch64 Linux
 * ABI's offsets written out as numbers (struct msghdr: msg_name 0, msg_namelen 8, msg_iov 16,
 * msg_iovlen 24, msg_control 32, msg_controllen 40, msg_flags 48, 56 bytes; struct iovec:
 * iov_base 0, iov_len 8, 16 bytes), so a wrong layout constant cannot hide behind itself.
 * LinuxHeadersLayoutTest checks the same numbers against the C headers.
 */
class SendmsgBlockLayoutTest {

    private static final int AT = 32;

    @Test
    void msghdrPointsAtTheIovecArrayThatFollowsItInTheSameBlock() {
        ByteBuffer view = staleBlock(3);
        long blockAddress = DirectBufferAddress.of(view) + AT;
        ByteBuffer[] buffers = {direct(10, 0), direct(100, 7), direct(4, 4), direct(9, 1)};

        SendmsgBlockLayout.write(view, AT, blockAddress, buffers, 1, 3);

        assertEquals(0L, view.getLong(AT), "msg_name: no address (connected socket)");
        assertEquals(0, view.getInt(AT + 8), "msg_namelen");
        assertEquals(blockAddress + 64, view.getLong(AT + 16), "msg_iov: the array 64 bytes into the block");
        assertEquals(3L, view.getLong(AT + 24), "msg_iovlen: one iovec per buffer given");
        assertEquals(0L, view.getLong(AT + 32), "msg_control");
        assertEquals(0L, view.getLong(AT + 40), "msg_controllen");
        assertEquals(0, view.getInt(AT + 48), "msg_flags");
        for (int i = 0; i < 3; i++) {
            ByteBuffer b = buffers[1 + i];
            int iovec = AT + 64 + 16 * i;
            assertEquals(DirectBufferAddress.of(b) + b.position(), view.getLong(iovec), "iov_base of iovec " + i);
            assertEquals(b.remaining(), view.getLong(iovec + 8), "iov_len of iovec " + i);
        }
        assertEquals((byte) 0xA5, view.get(AT + 64 + 16 * 3), "nothing written past the last iovec");
    }

    @Test
    void theIovecArrayStartsPastTheMsghdrOn16ByteAlignment() {
        assertTrue(SendmsgBlockLayout.IOVEC_ARRAY_OFFSET >= MsghdrLayout.SIZE, "the iovecs do not overlap the msghdr");
        assertEquals(0, SendmsgBlockLayout.IOVEC_ARRAY_OFFSET % 16);
        assertEquals(64 + 16 * 8, SendmsgBlockLayout.bytes(8));
    }

    /** A block of a previous send: every byte set, so each field the layout must clear shows. */
    private static ByteBuffer staleBlock(int buffers) {
        ByteBuffer view = ByteBuffer.allocateDirect(AT + SendmsgBlockLayout.bytes(buffers) + 16).order(ByteOrder.nativeOrder());
        byte[] stale = new byte[view.capacity()];
        Arrays.fill(stale, (byte) 0xA5);
        view.put(0, stale);
        return view;
    }

    private static ByteBuffer direct(int capacity, int position) {
        return ByteBuffer.allocateDirect(capacity).position(position);
    }
}

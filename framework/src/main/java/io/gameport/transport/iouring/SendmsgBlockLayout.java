package io.gameport.transport.iouring;

import io.gameport.nativeio.linux.IovecLayout;
import io.gameport.nativeio.linux.MsghdrLayout;
import java.nio.ByteBuffer;

/**
 * The native block a gathering send hands to IORING_OP_SENDMSG: one {@code struct msghdr} whose
 * {@code msg_iov} points at the {@code struct iovec} array that follows it in the same block. The
 * kernel reads both until the send's final CQE, so the block lives in the port's
 * {@link NativeBlockPool} and is released only then.
 *
 * <pre>
 *   0 struct msghdr (56 bytes, {@link MsghdrLayout}): no name, no control data, flags 0,
 *     msg_iov = block address + 64, msg_iovlen = n
 *  64 struct iovec[n] (16 bytes each, {@link IovecLayout}): the buffers' addresses and remaining bytes
 * </pre>
 *
 * The array starts at 64 rather than right after the 56-byte msghdr so that it is 16-byte aligned
 * like the block itself (the pool rounds block sizes up to 16).
 */
final class SendmsgBlockLayout {

    static final int MSGHDR_OFFSET = 0;
    /** The first iovec: past the msghdr ({@value MsghdrLayout#SIZE} bytes), rounded up to 16. */
    static final int IOVEC_ARRAY_OFFSET = 64;

    private SendmsgBlockLayout() {
    }

    /** Bytes of a block that gathers up to {@code maxBuffers} buffers. */
    static int bytes(int maxBuffers) {
        return IOVEC_ARRAY_OFFSET + IovecLayout.SIZE * maxBuffers;
    }

    /**
     * Writes the msghdr and the iovecs of {@code buffers[offset .. offset + count)}, each from its
     * position to its limit, into the block at {@code at} of {@code view}, whose native address is
     * {@code blockAddress}. The buffers must be direct: the kernel reads them after the call.
     */
    static void write(ByteBuffer view, int at, long blockAddress, ByteBuffer[] buffers, int offset, int count) {
        int msghdr = at + MSGHDR_OFFSET;
        view.putLong(msghdr + MsghdrLayout.NAME_OFFSET, 0L);
        view.putLong(msghdr + MsghdrLayout.NAMELEN_OFFSET, 0L);
        view.putLong(msghdr + MsghdrLayout.IOV_OFFSET, blockAddress + IOVEC_ARRAY_OFFSET);
        view.putLong(msghdr + MsghdrLayout.IOVLEN_OFFSET, count);
        view.putLong(msghdr + MsghdrLayout.CONTROL_OFFSET, 0L);
        view.putLong(msghdr + MsghdrLayout.CONTROLLEN_OFFSET, 0L);
        view.putLong(msghdr + MsghdrLayout.FLAGS_OFFSET, 0L);
        for (int i = 0; i < count; i++) {
            ByteBuffer b = buffers[offset + i];
            int iov = at + IOVEC_ARRAY_OFFSET + i * IovecLayout.SIZE;
            view.putLong(iov + IovecLayout.BASE_OFFSET, DirectBufferAddress.of(b) + b.position());
            view.putLong(iov + IovecLayout.LEN_OFFSET, b.remaining());
        }
    }
}

package io.gameport.transport.iouring;

import io.gameport.nativeio.linux.BufRegLayout;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.IoUringBufLayout;
import io.gameport.nativeio.linux.IoUringConstants;
import io.gameport.nativeio.linux.IoUringSyscalls;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A provided buffer ring (IORING_REGISTER_PBUF_RING, Linux 5.19): receive buffers the kernel picks
 * only when data arrives, so an idle connection with an armed multishot receive holds no buffer.
 *
 * <p>Layout: {@code count} entries of {@link IoUringBufLayout} (addr, len, bid) in a page-aligned
 * ring the kernel reads; the 16-bit tail overlays entry 0's {@code resv} and is release-stored
 * after the entries are written. Buffer {@code bid} is bytes {@code [bid * size, (bid + 1) * size)}
 * of one anonymous mapping and has a pre-built {@link ByteBuffer} view, so delivering a receive
 * allocates nothing.
 *
 * <p>Lifetime: a buffer id arrives in a CQE ({@code flags >> 16} with IORING_CQE_F_BUFFER); it
 * is ours until {@link #recycle} puts it back. The memory is unmapped only after unregistering,
 * which the owner does once no receive can still be selecting buffers.
 *
 * <p>Thread contract: owner thread only.
 */
final class ProvidedBufferRing implements AutoCloseable {

    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.nativeOrder());

    final short groupId;
    final int count;
    final int bufferSize;

    private final int ringFd;
    private final long ringAddress;
    private final long ringBytes;
    private final long buffersAddress;
    private final long buffersBytes;
    private final ByteBuffer ring;
    private final ByteBuffer[] views;
    private final int mask;
    private boolean registered;
    /** Our tail: entries before it are (or will be, after {@link #publish}) visible to the kernel. */
    private int tail;
    private int publishedTail;

    ProvidedBufferRing(int ringFd, short groupId, int count, int bufferSize) throws IOException {
        this.ringFd = ringFd;
        this.groupId = groupId;
        this.count = count;
        this.bufferSize = bufferSize;
        this.mask = count - 1;
        this.ringBytes = (long) count * IoUringBufLayout.SIZE;
        this.buffersBytes = (long) count * bufferSize;
        long ringMap = NativeMemory.mapAnonymous(ringBytes);
        long buffersMap;
        try {
            buffersMap = NativeMemory.mapAnonymous(buffersBytes);
        } catch (IOException e) {
            NativeMemory.unmap(ringMap, ringBytes);
            throw e;
        }
        ringAddress = ringMap;
        buffersAddress = buffersMap;
        try {
            ring = NativeMemory.view(ringAddress, ringBytes);
            ByteBuffer all = NativeMemory.view(buffersAddress, buffersBytes);
            views = new ByteBuffer[count];
            for (int bid = 0; bid < count; bid++) {
                views[bid] = all.slice(bid * bufferSize, bufferSize);
            }
            register();
        } catch (IOException | RuntimeException e) {
            // Nothing registered them with the kernel yet: both mappings are ours alone to undo.
            NativeMemory.unmap(buffersAddress, buffersBytes);
            NativeMemory.unmap(ringAddress, ringBytes);
            throw e;
        }
        for (int bid = 0; bid < count; bid++) {
            recycle(bid);
        }
        publish();
    }

    private void register() throws IOException {
        long reg = NativeMemory.allocateZeroed(BufRegLayout.SIZE);
        try {
            ByteBuffer r = NativeMemory.view(reg, BufRegLayout.SIZE);
            r.putLong(BufRegLayout.RING_ADDR_OFFSET, ringAddress);
            r.putInt(BufRegLayout.RING_ENTRIES_OFFSET, count);
            r.putShort(BufRegLayout.BGID_OFFSET, groupId);
            int result = IoUringSyscalls.register(ringFd, IoUringConstants.IORING_REGISTER_PBUF_RING, reg, 1);
            if (result < 0) {
                throw new IOException("IORING_REGISTER_PBUF_RING failed: " + Errno.name(-result)
                        + (result == -Errno.EINVAL ? " (provided buffer rings need Linux 5.19+)" : ""));
            }
            registered = true;
        } finally {
            NativeMemory.free(reg);
        }
    }

    /**
     * The received bytes of buffer {@code bid}: position 0, limit {@code length}, big-endian like
     * every fresh ByteBuffer (the previous handler may have changed any of these).
     */
    ByteBuffer view(int bid, int length) {
        ByteBuffer view = views[bid];
        view.clear().limit(length);
        view.order(ByteOrder.BIG_ENDIAN);
        return view;
    }

    /** Returns buffer {@code bid} to the ring; visible to the kernel at the next {@link #publish}. */
    void recycle(int bid) {
        int entry = (tail & mask) * IoUringBufLayout.SIZE;
        ring.putLong(entry + IoUringBufLayout.ADDR_OFFSET, buffersAddress + (long) bid * bufferSize);
        ring.putInt(entry + IoUringBufLayout.LEN_OFFSET, bufferSize);
        ring.putShort(entry + IoUringBufLayout.BID_OFFSET, (short) bid);
        tail++;
    }

    /** Release-stores the tail so the entries written by {@link #recycle} become selectable. */
    boolean publish() {
        if (tail == publishedTail) {
            return false;
        }
        SHORT.setRelease(ring, IoUringBufLayout.RING_TAIL_OFFSET, (short) tail);
        publishedTail = tail;
        return true;
    }

    /**
     * Unregisters, then unmaps. Call only when no receive can still select a buffer. Returns an
     * error description, or null.
     */
    String closeAndDescribeFailure() {
        String failure = null;
        if (registered) {
            long reg = 0;
            try {
                reg = NativeMemory.allocateZeroed(BufRegLayout.SIZE);
                ByteBuffer r = NativeMemory.view(reg, BufRegLayout.SIZE);
                r.putShort(BufRegLayout.BGID_OFFSET, groupId);
                int result = IoUringSyscalls.register(ringFd, IoUringConstants.IORING_UNREGISTER_PBUF_RING, reg, 1);
                if (result < 0) {
                    failure = "IORING_UNREGISTER_PBUF_RING: " + Errno.name(-result);
                }
            } catch (IOException e) {
                failure = e.getMessage();
            } finally {
                NativeMemory.free(reg);
            }
            registered = false;
        }
        String unmapBuffers = NativeMemory.unmap(buffersAddress, buffersBytes);
        String unmapRing = NativeMemory.unmap(ringAddress, ringBytes);
        if (failure == null && unmapBuffers != null) {
            failure = "munmap of receive buffers: " + unmapBuffers;
        }
        if (failure == null && unmapRing != null) {
            failure = "munmap of buffer ring: " + unmapRing;
        }
        return failure;
    }

    @Override
    public void close() {
        closeAndDescribeFailure();
    }
}

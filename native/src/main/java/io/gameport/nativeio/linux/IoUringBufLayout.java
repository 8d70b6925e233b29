package io.gameport.nativeio.linux;

/**
 * {@code struct io_uring_buf} (include/uapi/linux/io_uring.h), 16 bytes: one entry of a provided
 * buffer ring. {@code struct io_uring_buf_ring} overlays the first entry: its u16 {@code tail}
 * is entry 0's {@code resv} field, at byte 14 of the ring, so entry 0 is still a usable buffer
 * slot (its resv is never read by the kernel as part of the buffer).
 *
 * <pre>
 *   0 u64 addr   8 u32 len   12 u16 bid   14 u16 resv (entry 0: the ring's tail)
 * </pre>
 */
public final class IoUringBufLayout {
    public static final int ADDR_OFFSET = 0;
    public static final int LEN_OFFSET = 8;
    public static final int BID_OFFSET = 12;
    public static final int RESV_OFFSET = 14;
    /** {@code offsetof(struct io_uring_buf_ring, tail)}: written by the application with release semantics. */
    public static final int RING_TAIL_OFFSET = 14;
    public static final int SIZE = 16;

    private IoUringBufLayout() {
    }
}

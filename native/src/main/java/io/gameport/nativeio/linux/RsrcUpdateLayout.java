package io.gameport.nativeio.linux;

/**
 * {@code struct io_uring_rsrc_update} (include/uapi/linux/io_uring.h), 16 bytes: the argument of
 * IORING_REGISTER_RING_FDS. With {@code offset = -1} the kernel picks a slot and writes it back.
 *
 * <pre>
 *   0 u32 offset   4 u32 resv   8 u64 data (the fd)
 * </pre>
 */
public final class RsrcUpdateLayout {
    public static final int OFFSET_OFFSET = 0;
    public static final int RESV_OFFSET = 4;
    public static final int DATA_OFFSET = 8;
    public static final int SIZE = 16;

    private RsrcUpdateLayout() {
    }
}

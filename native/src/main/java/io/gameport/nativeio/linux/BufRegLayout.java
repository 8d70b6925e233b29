package io.gameport.nativeio.linux;

/**
 * {@code struct io_uring_buf_reg} (include/uapi/linux/io_uring.h), 40 bytes: the argument of
 * IORING_REGISTER_PBUF_RING / IORING_UNREGISTER_PBUF_RING (nr_args 1).
 *
 * <pre>
 *   0 u64 ring_addr (page aligned)   8 u32 ring_entries (power of two)   12 u16 bgid   14 u16 flags   16 u64 resv[3]
 * </pre>
 */
public final class BufRegLayout {
    public static final int RING_ADDR_OFFSET = 0;
    public static final int RING_ENTRIES_OFFSET = 8;
    public static final int BGID_OFFSET = 12;
    /** {@code pad} in 6.1 headers, {@code flags} in newer ones; must be 0 here. */
    public static final int FLAGS_OFFSET = 14;
    public static final int RESV_OFFSET = 16;
    public static final int SIZE = 40;

    private BufRegLayout() {
    }
}

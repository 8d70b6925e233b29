package io.gameport.nativeio.linux;

/**
 * {@code struct io_sqring_offsets} (include/uapi/linux/io_uring.h), 40 bytes: where each field of
 * the submission ring lives inside the SQ ring mapping. Every field is a u32 offset except
 * {@code user_addr} (u64, for IORING_SETUP_NO_MMAP, unused here).
 *
 * <pre>
 *   0 head   4 tail   8 ring_mask   12 ring_entries   16 flags   20 dropped   24 array   28 resv1   32 user_addr
 * </pre>
 */
public final class IoSqringOffsetsLayout {
    public static final int HEAD_OFFSET = 0;
    public static final int TAIL_OFFSET = 4;
    public static final int RING_MASK_OFFSET = 8;
    public static final int RING_ENTRIES_OFFSET = 12;
    public static final int FLAGS_OFFSET = 16;
    public static final int DROPPED_OFFSET = 20;
    public static final int ARRAY_OFFSET = 24;
    public static final int RESV1_OFFSET = 28;
    public static final int USER_ADDR_OFFSET = 32;
    public static final int SIZE = 40;

    private IoSqringOffsetsLayout() {
    }
}

package io.gameport.nativeio.linux;

/**
 * {@code struct io_cqring_offsets} (include/uapi/linux/io_uring.h), 40 bytes: where each field of
 * the completion ring lives inside the CQ ring mapping (the SQ mapping too with
 * IORING_FEAT_SINGLE_MMAP). u32 offsets, {@code user_addr} u64.
 *
 * <pre>
 *   0 head   4 tail   8 ring_mask   12 ring_entries   16 overflow   20 cqes   24 flags   28 resv1   32 user_addr
 * </pre>
 */
public final class IoCqringOffsetsLayout {
    public static final int HEAD_OFFSET = 0;
    public static final int TAIL_OFFSET = 4;
    public static final int RING_MASK_OFFSET = 8;
    public static final int RING_ENTRIES_OFFSET = 12;
    /** Counts CQEs the kernel had to drop (only without IORING_FEAT_NODROP or when it is out of memory). */
    public static final int OVERFLOW_OFFSET = 16;
    public static final int CQES_OFFSET = 20;
    public static final int FLAGS_OFFSET = 24;
    public static final int RESV1_OFFSET = 28;
    public static final int USER_ADDR_OFFSET = 32;
    public static final int SIZE = 40;

    private IoCqringOffsetsLayout() {
    }
}

package io.gameport.nativeio.linux;

/**
 * {@code struct io_uring_params} (include/uapi/linux/io_uring.h), 120 bytes, passed to
 * io_uring_setup: the caller sets entries/flags, the kernel fills in the rest.
 *
 * <pre>
 *   0 u32 sq_entries      4 u32 cq_entries     8 u32 flags          12 u32 sq_thread_cpu
 *  16 u32 sq_thread_idle 20 u32 features      24 u32 wq_fd         28 u32 resv[3]
 *  40 struct io_sqring_offsets sq_off (40 B)  80 struct io_cqring_offsets cq_off (40 B)
 * </pre>
 */
public final class IoUringParamsLayout {
    public static final int SQ_ENTRIES_OFFSET = 0;
    public static final int CQ_ENTRIES_OFFSET = 4;
    public static final int FLAGS_OFFSET = 8;
    public static final int SQ_THREAD_CPU_OFFSET = 12;
    public static final int SQ_THREAD_IDLE_OFFSET = 16;
    public static final int FEATURES_OFFSET = 20;
    public static final int WQ_FD_OFFSET = 24;
    public static final int RESV_OFFSET = 28;
    public static final int SQ_OFF_OFFSET = 40;
    public static final int CQ_OFF_OFFSET = 80;
    public static final int SIZE = 120;

    private IoUringParamsLayout() {
    }
}

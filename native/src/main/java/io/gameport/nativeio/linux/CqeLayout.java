package io.gameport.nativeio.linux;

/**
 * {@code struct io_uring_cqe} (include/uapi/linux/io_uring.h), 16 bytes (without IORING_SETUP_CQE32).
 *
 * <pre>
 *   0 u64 user_data   8 s32 res (-errno on failure)   12 u32 flags (IORING_CQE_F_*, buffer id in bits 16..31)
 * </pre>
 */
public final class CqeLayout {
    public static final int USER_DATA_OFFSET = 0;
    public static final int RES_OFFSET = 8;
    public static final int FLAGS_OFFSET = 12;
    public static final int SIZE = 16;

    private CqeLayout() {
    }
}

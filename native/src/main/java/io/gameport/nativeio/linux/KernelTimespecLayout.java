package io.gameport.nativeio.linux;

/**
 * {@code struct __kernel_timespec} (include/uapi/linux/time_types.h), 16 bytes: the argument of
 * IORING_OP_TIMEOUT.
 *
 * <pre>
 *   0 s64 tv_sec   8 s64 tv_nsec
 * </pre>
 */
public final class KernelTimespecLayout {
    public static final int TV_SEC_OFFSET = 0;
    public static final int TV_NSEC_OFFSET = 8;
    public static final int SIZE = 16;

    private KernelTimespecLayout() {
    }
}

package io.gameport.nativeio.linux;

/**
 * {@code struct iovec} (bits/types/struct_iovec.h), 16 bytes on 64-bit Linux.
 *
 * <pre>
 *   0 void *iov_base   8 size_t iov_len
 * </pre>
 */
public final class IovecLayout {
    public static final int BASE_OFFSET = 0;
    public static final int LEN_OFFSET = 8;
    public static final int SIZE = 16;

    private IovecLayout() {
    }
}

package io.gameport.nativeio.linux;

/**
 * {@code struct io_uring_sqe} (include/uapi/linux/io_uring.h), 64 bytes (without
 * IORING_SETUP_SQE128). Unions are named after the member Gameport uses.
 *
 * <pre>
 *   0 u8 opcode  1 u8 flags  2 u16 ioprio  4 s32 fd
 *   8 u64 off | addr2                       (CONNECT: addrlen; TIMEOUT: count)
 *  16 u64 addr | splice_off_in              (buffer, msghdr, sockaddr, timespec, cancel key)
 *  24 u32 len
 *  28 u32 op flags: msg_flags | accept_flags | cancel_flags | timeout_flags | rw_flags
 *  32 u64 user_data
 *  40 u16 buf_index | buf_group  42 u16 personality  44 s32 splice_fd_in | file_index
 *  48 u64 addr3  56 u64 __pad2[1]
 * </pre>
 */
public final class SqeLayout {
    public static final int OPCODE_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int IOPRIO_OFFSET = 2;
    public static final int FD_OFFSET = 4;
    public static final int OFF_OFFSET = 8;
    public static final int ADDR_OFFSET = 16;
    public static final int LEN_OFFSET = 24;
    public static final int OP_FLAGS_OFFSET = 28;
    public static final int USER_DATA_OFFSET = 32;
    public static final int BUF_GROUP_OFFSET = 40;
    public static final int PERSONALITY_OFFSET = 42;
    public static final int FILE_INDEX_OFFSET = 44;
    public static final int ADDR3_OFFSET = 48;
    public static final int PAD2_OFFSET = 56;
    public static final int SIZE = 64;

    private SqeLayout() {
    }
}

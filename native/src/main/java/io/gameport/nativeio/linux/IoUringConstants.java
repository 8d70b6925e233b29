package io.gameport.nativeio.linux;

/**
 * io_uring opcodes and flags, from include/uapi/linux/io_uring.h. The installed headers
 * (linux-libc-dev 6.1) are older than the kernels Gameport runs on; the constants marked
 * "newer than 6.1 headers" were taken from the kernel's own copy of the header.
 */
public final class IoUringConstants {

    // enum io_uring_op
    public static final byte IORING_OP_NOP = 0;
    public static final byte IORING_OP_SENDMSG = 9;
    public static final byte IORING_OP_TIMEOUT = 11;
    public static final byte IORING_OP_ACCEPT = 13;
    public static final byte IORING_OP_ASYNC_CANCEL = 14;
    public static final byte IORING_OP_CONNECT = 16;
    public static final byte IORING_OP_CLOSE = 19;
    public static final byte IORING_OP_READ = 22;
    public static final byte IORING_OP_SEND = 26;
    public static final byte IORING_OP_RECV = 27;
    public static final byte IORING_OP_SHUTDOWN = 34;
    /** Posts a CQE into another ring (6.0). */
    public static final byte IORING_OP_MSG_RING = 40;

    // io_uring_setup flags (io_uring_params.flags)
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    public static final int IORING_SETUP_R_DISABLED = 1 << 6;
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    public static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    /** Completions are posted only inside io_uring_enter(GETEVENTS) on the issuing thread. Needs SINGLE_ISSUER. */
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;
    /** Newer than 6.1 headers (6.6): no SQ index array; the SQE index is {@code tail & mask}. */
    public static final int IORING_SETUP_NO_SQARRAY = 1 << 16;

    // io_uring_params.features
    public static final int IORING_FEAT_SINGLE_MMAP = 1 << 0;
    public static final int IORING_FEAT_NODROP = 1 << 1;
    public static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;

    // mmap offsets
    public static final long IORING_OFF_SQ_RING = 0L;
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    public static final long IORING_OFF_SQES = 0x10000000L;

    // io_uring_enter flags
    public static final int IORING_ENTER_GETEVENTS = 1 << 0;
    public static final int IORING_ENTER_REGISTERED_RING = 1 << 4;

    // sq ring flags (the word at sq_off.flags)
    public static final int IORING_SQ_NEED_WAKEUP = 1 << 0;
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    public static final int IORING_SQ_TASKRUN = 1 << 2;

    // sqe.flags
    public static final byte IOSQE_FIXED_FILE = 1 << 0;
    public static final byte IOSQE_IO_DRAIN = 1 << 1;
    public static final byte IOSQE_IO_LINK = 1 << 2;
    /** Like IO_LINK, but the chain continues even when this request fails. */
    public static final byte IOSQE_IO_HARDLINK = 1 << 3;
    public static final byte IOSQE_ASYNC = 1 << 4;
    public static final byte IOSQE_BUFFER_SELECT = 1 << 5;
    public static final byte IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    // sqe.ioprio for ACCEPT and RECV/SEND
    public static final short IORING_ACCEPT_MULTISHOT = 1 << 0;
    public static final short IORING_RECVSEND_POLL_FIRST = 1 << 0;
    public static final short IORING_RECV_MULTISHOT = 1 << 1;

    // sqe.cancel_flags for ASYNC_CANCEL
    public static final int IORING_ASYNC_CANCEL_ALL = 1 << 0;
    public static final int IORING_ASYNC_CANCEL_FD = 1 << 1;
    public static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;

    // sqe.timeout_flags
    public static final int IORING_TIMEOUT_ABS = 1 << 0;

    // cqe.flags
    public static final int IORING_CQE_F_BUFFER = 1 << 0;
    public static final int IORING_CQE_F_MORE = 1 << 1;
    public static final int IORING_CQE_F_SOCK_NONEMPTY = 1 << 2;
    /** The buffer id of a provided-buffer completion sits in the upper 16 bits of cqe.flags. */
    public static final int IORING_CQE_BUFFER_SHIFT = 16;

    // io_uring_register opcodes
    public static final int IORING_REGISTER_ENABLE_RINGS = 12;
    public static final int IORING_REGISTER_RING_FDS = 20;
    public static final int IORING_UNREGISTER_RING_FDS = 21;
    public static final int IORING_REGISTER_PBUF_RING = 22;
    public static final int IORING_UNREGISTER_PBUF_RING = 23;

    /** The kernel caps a provided buffer ring at 32768 entries (io_uring/kbuf.c). */
    public static final int MAX_BUFFER_RING_ENTRIES = 1 << 15;

    private IoUringConstants() {
    }
}

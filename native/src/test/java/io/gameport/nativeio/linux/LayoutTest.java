package io.gameport.nativeio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Pins every offset of the kernel structs to the values of this machine's headers
 * (include/uapi/linux/io_uring.h, netinet/in.h, bits/socket.h; x86-64 ABI), as printed by
 * offsetof/sizeof. A change to any constant must be a deliberate ABI decision.
 */
class LayoutTest {

    @Test
    void ioUringParamsMatchesHeader() {
        assertEquals(0, IoUringParamsLayout.SQ_ENTRIES_OFFSET);
        assertEquals(4, IoUringParamsLayout.CQ_ENTRIES_OFFSET);
        assertEquals(8, IoUringParamsLayout.FLAGS_OFFSET);
        assertEquals(12, IoUringParamsLayout.SQ_THREAD_CPU_OFFSET);
        assertEquals(16, IoUringParamsLayout.SQ_THREAD_IDLE_OFFSET);
        assertEquals(20, IoUringParamsLayout.FEATURES_OFFSET);
        assertEquals(24, IoUringParamsLayout.WQ_FD_OFFSET);
        assertEquals(28, IoUringParamsLayout.RESV_OFFSET);
        assertEquals(40, IoUringParamsLayout.SQ_OFF_OFFSET);
        assertEquals(80, IoUringParamsLayout.CQ_OFF_OFFSET);
        assertEquals(120, IoUringParamsLayout.SIZE);
        assertEquals(IoUringParamsLayout.SQ_OFF_OFFSET + IoSqringOffsetsLayout.SIZE, IoUringParamsLayout.CQ_OFF_OFFSET);
        assertEquals(IoUringParamsLayout.CQ_OFF_OFFSET + IoCqringOffsetsLayout.SIZE, IoUringParamsLayout.SIZE);
    }

    @Test
    void sqringOffsetsMatchHeader() {
        assertEquals(0, IoSqringOffsetsLayout.HEAD_OFFSET);
        assertEquals(4, IoSqringOffsetsLayout.TAIL_OFFSET);
        assertEquals(8, IoSqringOffsetsLayout.RING_MASK_OFFSET);
        assertEquals(12, IoSqringOffsetsLayout.RING_ENTRIES_OFFSET);
        assertEquals(16, IoSqringOffsetsLayout.FLAGS_OFFSET);
        assertEquals(20, IoSqringOffsetsLayout.DROPPED_OFFSET);
        assertEquals(24, IoSqringOffsetsLayout.ARRAY_OFFSET);
        assertEquals(28, IoSqringOffsetsLayout.RESV1_OFFSET);
        assertEquals(32, IoSqringOffsetsLayout.USER_ADDR_OFFSET);
        assertEquals(40, IoSqringOffsetsLayout.SIZE);
    }

    @Test
    void cqringOffsetsMatchHeader() {
        assertEquals(0, IoCqringOffsetsLayout.HEAD_OFFSET);
        assertEquals(4, IoCqringOffsetsLayout.TAIL_OFFSET);
        assertEquals(8, IoCqringOffsetsLayout.RING_MASK_OFFSET);
        assertEquals(12, IoCqringOffsetsLayout.RING_ENTRIES_OFFSET);
        assertEquals(16, IoCqringOffsetsLayout.OVERFLOW_OFFSET);
        assertEquals(20, IoCqringOffsetsLayout.CQES_OFFSET);
        assertEquals(24, IoCqringOffsetsLayout.FLAGS_OFFSET);
        assertEquals(28, IoCqringOffsetsLayout.RESV1_OFFSET);
        assertEquals(32, IoCqringOffsetsLayout.USER_ADDR_OFFSET);
        assertEquals(40, IoCqringOffsetsLayout.SIZE);
    }

    @Test
    void sqeMatchesHeader() {
        assertEquals(0, SqeLayout.OPCODE_OFFSET);
        assertEquals(1, SqeLayout.FLAGS_OFFSET);
        assertEquals(2, SqeLayout.IOPRIO_OFFSET);
        assertEquals(4, SqeLayout.FD_OFFSET);
        assertEquals(8, SqeLayout.OFF_OFFSET);
        assertEquals(16, SqeLayout.ADDR_OFFSET);
        assertEquals(24, SqeLayout.LEN_OFFSET);
        assertEquals(28, SqeLayout.OP_FLAGS_OFFSET);
        assertEquals(32, SqeLayout.USER_DATA_OFFSET);
        assertEquals(40, SqeLayout.BUF_GROUP_OFFSET);
        assertEquals(42, SqeLayout.PERSONALITY_OFFSET);
        assertEquals(44, SqeLayout.FILE_INDEX_OFFSET);
        assertEquals(48, SqeLayout.ADDR3_OFFSET);
        assertEquals(56, SqeLayout.PAD2_OFFSET);
        assertEquals(64, SqeLayout.SIZE);
    }

    @Test
    void cqeMatchesHeader() {
        assertEquals(0, CqeLayout.USER_DATA_OFFSET);
        assertEquals(8, CqeLayout.RES_OFFSET);
        assertEquals(12, CqeLayout.FLAGS_OFFSET);
        assertEquals(16, CqeLayout.SIZE);
    }

    @Test
    void providedBufferStructsMatchHeader() {
        assertEquals(0, IoUringBufLayout.ADDR_OFFSET);
        assertEquals(8, IoUringBufLayout.LEN_OFFSET);
        assertEquals(12, IoUringBufLayout.BID_OFFSET);
        assertEquals(14, IoUringBufLayout.RESV_OFFSET);
        assertEquals(14, IoUringBufLayout.RING_TAIL_OFFSET);
        assertEquals(16, IoUringBufLayout.SIZE);

        assertEquals(0, BufRegLayout.RING_ADDR_OFFSET);
        assertEquals(8, BufRegLayout.RING_ENTRIES_OFFSET);
        assertEquals(12, BufRegLayout.BGID_OFFSET);
        assertEquals(14, BufRegLayout.FLAGS_OFFSET);
        assertEquals(16, BufRegLayout.RESV_OFFSET);
        assertEquals(40, BufRegLayout.SIZE);

        assertEquals(0, RsrcUpdateLayout.OFFSET_OFFSET);
        assertEquals(4, RsrcUpdateLayout.RESV_OFFSET);
        assertEquals(8, RsrcUpdateLayout.DATA_OFFSET);
        assertEquals(16, RsrcUpdateLayout.SIZE);
    }

    @Test
    void socketStructsMatchHeaders() {
        assertEquals(0, SockaddrInLayout.FAMILY_OFFSET);
        assertEquals(2, SockaddrInLayout.PORT_OFFSET);
        assertEquals(4, SockaddrInLayout.ADDR_OFFSET);
        assertEquals(8, SockaddrInLayout.ZERO_OFFSET);
        assertEquals(16, SockaddrInLayout.SIZE);

        assertEquals(0, SockaddrIn6Layout.FAMILY_OFFSET);
        assertEquals(2, SockaddrIn6Layout.PORT_OFFSET);
        assertEquals(4, SockaddrIn6Layout.FLOWINFO_OFFSET);
        assertEquals(8, SockaddrIn6Layout.ADDR_OFFSET);
        assertEquals(16, SockaddrIn6Layout.ADDR_LENGTH);
        assertEquals(24, SockaddrIn6Layout.SCOPE_ID_OFFSET);
        assertEquals(28, SockaddrIn6Layout.SIZE);

        assertEquals(0, IovecLayout.BASE_OFFSET);
        assertEquals(8, IovecLayout.LEN_OFFSET);
        assertEquals(16, IovecLayout.SIZE);

        assertEquals(0, MsghdrLayout.NAME_OFFSET);
        assertEquals(8, MsghdrLayout.NAMELEN_OFFSET);
        assertEquals(16, MsghdrLayout.IOV_OFFSET);
        assertEquals(24, MsghdrLayout.IOVLEN_OFFSET);
        assertEquals(32, MsghdrLayout.CONTROL_OFFSET);
        assertEquals(40, MsghdrLayout.CONTROLLEN_OFFSET);
        assertEquals(48, MsghdrLayout.FLAGS_OFFSET);
        assertEquals(56, MsghdrLayout.SIZE);

        assertEquals(0, KernelTimespecLayout.TV_SEC_OFFSET);
        assertEquals(8, KernelTimespecLayout.TV_NSEC_OFFSET);
        assertEquals(16, KernelTimespecLayout.SIZE);

        assertEquals(0, TcpInfoLayout.STATE_OFFSET);
        assertEquals(8, TcpInfoLayout.HEAD_LENGTH);
    }

    @Test
    void constantsMatchHeaders() {
        assertEquals(9, IoUringConstants.IORING_OP_SENDMSG);
        assertEquals(11, IoUringConstants.IORING_OP_TIMEOUT);
        assertEquals(13, IoUringConstants.IORING_OP_ACCEPT);
        assertEquals(14, IoUringConstants.IORING_OP_ASYNC_CANCEL);
        assertEquals(16, IoUringConstants.IORING_OP_CONNECT);
        assertEquals(19, IoUringConstants.IORING_OP_CLOSE);
        assertEquals(22, IoUringConstants.IORING_OP_READ);
        assertEquals(26, IoUringConstants.IORING_OP_SEND);
        assertEquals(27, IoUringConstants.IORING_OP_RECV);
        assertEquals(34, IoUringConstants.IORING_OP_SHUTDOWN);
        assertEquals(22, IoUringConstants.IORING_REGISTER_PBUF_RING);
        assertEquals(23, IoUringConstants.IORING_UNREGISTER_PBUF_RING);
        assertEquals(0x4000, SocketConstants.MSG_NOSIGNAL);
        assertEquals(4, SocketConstants.SO_ERROR);
        assertEquals(0x541B, SocketConstants.FIONREAD);
        assertEquals(11, SocketConstants.TCP_INFO);
        assertEquals(1, TcpInfoLayout.TCP_ESTABLISHED);
        assertEquals(7, TcpInfoLayout.TCP_CLOSE);
        assertEquals(8, TcpInfoLayout.TCP_CLOSE_WAIT);
        assertEquals(10, TcpInfoLayout.TCP_LISTEN);
        assertEquals(02000000, SocketConstants.SOCK_CLOEXEC);
        assertEquals(02000000, MemoryConstants.EFD_CLOEXEC);
    }
}

package io.gameport.transport.iocp;

import io.gameport.nativeio.windows.OverlappedLayout;
import io.gameport.nativeio.windows.SockaddrIn6Layout;
import io.gameport.nativeio.windows.WinConstants;
import io.gameport.nativeio.windows.WsabufLayout;

/**
 * One operation slot of the port's native slab. The OVERLAPPED sits at offset 0, so the pointer a
 * completion hands back is the slot's address, and the slot index is {@code (ov - base) / SIZE}.
 * Everything the kernel reads or writes for the operation lives here until its completion is
 * dequeued:
 * <pre>
 *  0          32      36      40      44      48                         304                392   512
 *  |OVERLAPPED|bytes  |flags  |rflags |addrlen|WSABUF[16]                 |2 x (sockaddr_in6+16)| unused
 * </pre>
 * {@code bytes}: lpNumberOfBytesSent/Recvd (read on inline success); {@code flags}: WSARecv's
 * in/out flags; {@code rflags}: WSAGetOverlappedResult's out flags; {@code addrlen}: the length of
 * the ConnectEx target written at ADDRESS; ADDRESS also holds AcceptEx's local and remote address
 * slots.
 */
final class SlotLayout {
    static final int OVERLAPPED_OFFSET = 0;
    static final int BYTES_OFFSET = OverlappedLayout.SIZE;
    static final int FLAGS_OFFSET = BYTES_OFFSET + 4;
    static final int RESULT_FLAGS_OFFSET = FLAGS_OFFSET + 4;
    static final int SOCKADDR_LENGTH_OFFSET = RESULT_FLAGS_OFFSET + 4;
    static final int WSABUF_OFFSET = SOCKADDR_LENGTH_OFFSET + 4;
    /** WSABUFs per gathered send, as in the JDK's Windows channels; a longer gather sends the first 16 (a partial send). */
    static final int MAX_WSABUFS = 16;
    static final int ADDRESS_OFFSET = WSABUF_OFFSET + MAX_WSABUFS * WsabufLayout.SIZE;
    static final int ADDRESS_LENGTH = 2 * WinConstants.ACCEPTEX_ADDRESS_BYTES;
    /** A power of two, so slots never straddle a commit chunk and the index division is a shift. */
    static final int SIZE = 512;
    static final int SIZE_SHIFT = 9;

    static {
        assert ADDRESS_OFFSET + ADDRESS_LENGTH <= SIZE;
        assert SockaddrIn6Layout.SIZE <= WinConstants.ACCEPTEX_ADDRESS_BYTES;
    }

    private SlotLayout() {
    }
}

package io.gameport.nativeio.windows;

/**
 * Constants of the Windows x64 socket and completion-port API (winsock2.h, ws2def.h, ws2ipdef.h,
 * mswsock.h, winbase.h). Values that C declares unsigned but that exceed {@code Integer.MAX_VALUE}
 * are given as the {@code int} with the same bits, because that is what the direct-mapped
 * functions take.
 */
public final class WinConstants {

    // Handles and sentinel results.
    /** {@code INVALID_HANDLE_VALUE}, {@code (HANDLE)-1}: with CreateIoCompletionPort, "create a new port". */
    public static final long INVALID_HANDLE_VALUE = -1L;
    /** {@code INVALID_SOCKET}, {@code (SOCKET)~0}. */
    public static final long INVALID_SOCKET = -1L;
    /** {@code SOCKET_ERROR}. */
    public static final int SOCKET_ERROR = -1;
    /** {@code INFINITE} (0xFFFFFFFF) as a DWORD timeout. */
    public static final int INFINITE = -1;

    // Winsock start-up.
    /** {@code MAKEWORD(2, 2)}: Winsock 2.2. */
    public static final short WINSOCK_VERSION_2_2 = 0x0202;

    // Address families, socket types, protocols (ws2def.h).
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 23;
    public static final int SOCK_STREAM = 1;
    public static final int IPPROTO_TCP = 6;

    // WSASocketW flags.
    public static final int WSA_FLAG_OVERLAPPED = 0x01;
    public static final int WSA_FLAG_NO_HANDLE_INHERIT = 0x80;

    // Socket options.
    public static final int SOL_SOCKET = 0xFFFF;
    public static final int SO_REUSEADDR = 0x0004;
    /** {@code SO_EXCLUSIVEADDRUSE} = {@code ~SO_REUSEADDR}: no other socket may bind the same port. */
    public static final int SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;
    public static final int SO_LINGER = 0x0080;
    public static final int SO_SNDBUF = 0x1001;
    public static final int SO_RCVBUF = 0x1002;
    public static final int SO_ERROR = 0x1007;
    /** After AcceptEx: makes the accepted socket inherit the listener's properties (getpeername, shutdown work). */
    public static final int SO_UPDATE_ACCEPT_CONTEXT = 0x700B;
    /** After ConnectEx: makes getpeername, shutdown and getsockopt work on the connected socket. */
    public static final int SO_UPDATE_CONNECT_CONTEXT = 0x7010;
    public static final int TCP_NODELAY = 0x0001;

    // ioctlsocket / WSAIoctl.
    /** {@code FIONBIO} = {@code _IOW('f', 126, u_long)} = 0x8004667E: set or clear non-blocking mode. */
    public static final int FIONBIO = 0x8004667E;
    /** {@code FIONREAD} = {@code _IOR('f', 127, u_long)} = 0x4004667F: bytes waiting to be read. */
    public static final int FIONREAD = 0x4004667F;
    /** {@code SIO_GET_EXTENSION_FUNCTION_POINTER} = {@code _WSAIORW(IOC_WS2, 6)} = 0xC8000006. */
    public static final int SIO_GET_EXTENSION_FUNCTION_POINTER = 0xC8000006;

    // shutdown(how).
    public static final int SD_RECEIVE = 0;
    public static final int SD_SEND = 1;
    public static final int SD_BOTH = 2;

    // SetFileCompletionNotificationModes flags (UCHAR).
    /** A call that completes inline posts no completion packet: the caller handles it at once. */
    public static final byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
    /** The handle's event is not set on completion (we never wait on it). */
    public static final byte FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;

    // VirtualAlloc / VirtualFree.
    public static final int MEM_COMMIT = 0x1000;
    public static final int MEM_RESERVE = 0x2000;
    public static final int MEM_RELEASE = 0x8000;
    public static final int PAGE_READWRITE = 0x04;

    // Extension function GUIDs (mswsock.h), textual form.
    public static final String WSAID_ACCEPTEX = "b5367df1-cbac-11cf-95ca-00805f48a192";
    public static final String WSAID_GETACCEPTEXSOCKADDRS = "b5367df2-cbac-11cf-95ca-00805f48a192";
    public static final String WSAID_CONNECTEX = "25a207b9-ddf3-4660-8ee9-76e58c74063e";

    /**
     * Bytes of each address slot AcceptEx writes: the largest sockaddr of the family plus 16, as
     * AcceptEx requires ("at least 16 bytes more than the maximum address length").
     */
    public static final int ACCEPTEX_ADDRESS_BYTES = SockaddrIn6Layout.SIZE + 16;

    private WinConstants() {
    }
}

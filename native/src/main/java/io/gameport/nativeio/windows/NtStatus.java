package io.gameport.nativeio.windows;

/**
 * NTSTATUS values (ntstatus.h) that IOCP leaves in {@code OVERLAPPED.Internal} when
 * GetQueuedCompletionStatusEx dequeues a socket operation, and the Winsock/Win32 code each one
 * means. GetQueuedCompletionStatusEx does not report per-entry errors, so a non-zero
 * {@code Internal} is all there is; {@code WSAGetOverlappedResult} performs the same translation
 * inside ws2_32 when the socket is still open. This table is the fallback for sockets that are
 * already closed, and names the codes in logs.
 */
public final class NtStatus {
    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_PENDING = 0x00000103;
    public static final int STATUS_BUFFER_OVERFLOW = 0x80000005;
    public static final int STATUS_INVALID_HANDLE = 0xC0000008;
    public static final int STATUS_INVALID_PARAMETER = 0xC000000D;
    public static final int STATUS_ACCESS_VIOLATION = 0xC0000005;
    public static final int STATUS_NO_MEMORY = 0xC0000017;
    public static final int STATUS_INSUFFICIENT_RESOURCES = 0xC000009A;
    public static final int STATUS_IO_TIMEOUT = 0xC00000B5;
    public static final int STATUS_CANCELLED = 0xC0000120;
    public static final int STATUS_LOCAL_DISCONNECT = 0xC000013B;
    public static final int STATUS_REMOTE_DISCONNECT = 0xC000013C;
    public static final int STATUS_REMOTE_NOT_LISTENING = 0xC00000BC;
    public static final int STATUS_PIPE_DISCONNECTED = 0xC00000B0;
    public static final int STATUS_CONNECTION_RESET = 0xC000020D;
    public static final int STATUS_CONNECTION_REFUSED = 0xC0000236;
    public static final int STATUS_CONNECTION_ABORTED = 0xC0000241;
    public static final int STATUS_NETWORK_UNREACHABLE = 0xC000023C;
    public static final int STATUS_HOST_UNREACHABLE = 0xC000023D;
    public static final int STATUS_INVALID_CONNECTION = 0xC0000140;
    public static final int STATUS_NOT_FOUND = 0xC0000225;

    private NtStatus() {
    }

    /**
     * The Winsock or Win32 code for an NTSTATUS, as ws2_32 reports it for socket operations
     * (STATUS_CANCELLED becomes 995 ERROR_OPERATION_ABORTED, a reset 10054, ...). Unknown failures
     * map to their own value's low 16 bits with the facility dropped, which is never mistaken for
     * success; they are logged under that number.
     */
    public static int toWinError(int status) {
        switch (status) {
            case STATUS_SUCCESS:
                return 0;
            case STATUS_PENDING:
                return WinError.ERROR_IO_PENDING;
            case STATUS_CANCELLED:
                return WinError.ERROR_OPERATION_ABORTED;
            case STATUS_CONNECTION_RESET:
            case STATUS_PIPE_DISCONNECTED:
                return WinError.WSAECONNRESET;
            case STATUS_CONNECTION_ABORTED:
                return WinError.ERROR_CONNECTION_ABORTED;
            case STATUS_LOCAL_DISCONNECT:
            case STATUS_REMOTE_DISCONNECT:
                return WinError.ERROR_NETNAME_DELETED;
            case STATUS_INSUFFICIENT_RESOURCES:
                return WinError.ERROR_NO_SYSTEM_RESOURCES;
            case STATUS_NO_MEMORY:
                return WinError.WSAENOBUFS;
            case STATUS_CONNECTION_REFUSED:
            case STATUS_REMOTE_NOT_LISTENING:
                return WinError.WSAECONNREFUSED;
            case STATUS_IO_TIMEOUT:
                return WinError.WSAETIMEDOUT;
            case STATUS_NETWORK_UNREACHABLE:
                return WinError.WSAENETUNREACH;
            case STATUS_HOST_UNREACHABLE:
                return WinError.WSAEHOSTUNREACH;
            case STATUS_INVALID_CONNECTION:
                return WinError.WSAENOTCONN;
            case STATUS_INVALID_HANDLE:
                return WinError.WSAENOTSOCK;
            case STATUS_ACCESS_VIOLATION:
                return WinError.ERROR_NOACCESS;
            case STATUS_INVALID_PARAMETER:
                return WinError.WSAEINVAL;
            case STATUS_NOT_FOUND:
                return WinError.ERROR_NOT_FOUND;
            default:
                int low = status & 0xFFFF;
                return low == 0 ? WinError.ERROR_INVALID_PARAMETER : low;
        }
    }

    /** {@code STATUS_CANCELLED (0xC0000120)}-style name for logs. */
    public static String name(int status) {
        switch (status) {
            case STATUS_SUCCESS: return "STATUS_SUCCESS";
            case STATUS_PENDING: return "STATUS_PENDING";
            case STATUS_BUFFER_OVERFLOW: return "STATUS_BUFFER_OVERFLOW";
            case STATUS_INVALID_HANDLE: return "STATUS_INVALID_HANDLE";
            case STATUS_INVALID_PARAMETER: return "STATUS_INVALID_PARAMETER";
            case STATUS_ACCESS_VIOLATION: return "STATUS_ACCESS_VIOLATION";
            case STATUS_NO_MEMORY: return "STATUS_NO_MEMORY";
            case STATUS_INSUFFICIENT_RESOURCES: return "STATUS_INSUFFICIENT_RESOURCES";
            case STATUS_IO_TIMEOUT: return "STATUS_IO_TIMEOUT";
            case STATUS_CANCELLED: return "STATUS_CANCELLED";
            case STATUS_LOCAL_DISCONNECT: return "STATUS_LOCAL_DISCONNECT";
            case STATUS_REMOTE_DISCONNECT: return "STATUS_REMOTE_DISCONNECT";
            case STATUS_REMOTE_NOT_LISTENING: return "STATUS_REMOTE_NOT_LISTENING";
            case STATUS_PIPE_DISCONNECTED: return "STATUS_PIPE_DISCONNECTED";
            case STATUS_CONNECTION_RESET: return "STATUS_CONNECTION_RESET";
            case STATUS_CONNECTION_REFUSED: return "STATUS_CONNECTION_REFUSED";
            case STATUS_CONNECTION_ABORTED: return "STATUS_CONNECTION_ABORTED";
            case STATUS_NETWORK_UNREACHABLE: return "STATUS_NETWORK_UNREACHABLE";
            case STATUS_HOST_UNREACHABLE: return "STATUS_HOST_UNREACHABLE";
            case STATUS_INVALID_CONNECTION: return "STATUS_INVALID_CONNECTION";
            case STATUS_NOT_FOUND: return "STATUS_NOT_FOUND";
            default: return String.format("NTSTATUS 0x%08X", status);
        }
    }
}

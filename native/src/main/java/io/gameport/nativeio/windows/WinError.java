package io.gameport.nativeio.windows;

/**
 * Win32 and Winsock error codes (winerror.h, winsock2.h) that IOCP completions and Winsock
 * calls report, as named in DESIGN.md's table of GetQueuedCompletionStatus outcomes.
 */
public final class WinError {
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_INVALID_HANDLE = 6;
    public static final int ERROR_NOT_ENOUGH_MEMORY = 8;
    public static final int ERROR_OUTOFMEMORY = 14;
    public static final int ERROR_NETNAME_DELETED = 64;
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_SEM_TIMEOUT = 121;
    public static final int WAIT_TIMEOUT = 258;
    public static final int ERROR_ABANDONED_WAIT_0 = 735;
    public static final int ERROR_OPERATION_ABORTED = 995;
    public static final int ERROR_IO_INCOMPLETE = 996;
    public static final int ERROR_IO_PENDING = 997;
    public static final int ERROR_NOACCESS = 998;
    public static final int ERROR_NOT_FOUND = 1168;
    public static final int ERROR_CONNECTION_REFUSED = 1225;
    public static final int ERROR_CONNECTION_ABORTED = 1236;
    public static final int ERROR_NO_SYSTEM_RESOURCES = 1450;
    public static final int WSAEINTR = 10004;
    public static final int WSAEFAULT = 10014;
    public static final int WSAEINVAL = 10022;
    public static final int WSAEMFILE = 10024;
    public static final int WSAEWOULDBLOCK = 10035;
    public static final int WSAEINPROGRESS = 10036;
    public static final int WSAENOTSOCK = 10038;
    public static final int WSAEAFNOSUPPORT = 10047;
    public static final int WSAEADDRINUSE = 10048;
    public static final int WSAEADDRNOTAVAIL = 10049;
    public static final int WSAENETDOWN = 10050;
    public static final int WSAENETUNREACH = 10051;
    public static final int WSAENETRESET = 10052;
    public static final int WSAECONNABORTED = 10053;
    public static final int WSAECONNRESET = 10054;
    public static final int WSAENOBUFS = 10055;
    public static final int WSAENOTCONN = 10057;
    public static final int WSAESHUTDOWN = 10058;
    public static final int WSAETIMEDOUT = 10060;
    public static final int WSAECONNREFUSED = 10061;
    public static final int WSAEHOSTUNREACH = 10065;
    public static final int WSANOTINITIALISED = 10093;
    /** WSA_IO_PENDING is ERROR_IO_PENDING under its Winsock name. */
    public static final int WSA_IO_PENDING = ERROR_IO_PENDING;
    public static final int WSA_OPERATION_ABORTED = ERROR_OPERATION_ABORTED;

    private WinError() {
    }

    /** The symbolic name of a Win32 or Winsock code, e.g. {@code WSAECONNRESET}, or {@code win32 error N}. */
    public static String name(int code) {
        switch (code) {
            case ERROR_FILE_NOT_FOUND: return "ERROR_FILE_NOT_FOUND";
            case ERROR_INVALID_HANDLE: return "ERROR_INVALID_HANDLE";
            case ERROR_NOT_ENOUGH_MEMORY: return "ERROR_NOT_ENOUGH_MEMORY";
            case ERROR_OUTOFMEMORY: return "ERROR_OUTOFMEMORY";
            case ERROR_NETNAME_DELETED: return "ERROR_NETNAME_DELETED";
            case ERROR_INVALID_PARAMETER: return "ERROR_INVALID_PARAMETER";
            case ERROR_SEM_TIMEOUT: return "ERROR_SEM_TIMEOUT";
            case WAIT_TIMEOUT: return "WAIT_TIMEOUT";
            case ERROR_ABANDONED_WAIT_0: return "ERROR_ABANDONED_WAIT_0";
            case ERROR_OPERATION_ABORTED: return "ERROR_OPERATION_ABORTED";
            case ERROR_IO_INCOMPLETE: return "ERROR_IO_INCOMPLETE";
            case ERROR_IO_PENDING: return "ERROR_IO_PENDING";
            case ERROR_NOACCESS: return "ERROR_NOACCESS";
            case ERROR_NOT_FOUND: return "ERROR_NOT_FOUND";
            case ERROR_CONNECTION_REFUSED: return "ERROR_CONNECTION_REFUSED";
            case ERROR_CONNECTION_ABORTED: return "ERROR_CONNECTION_ABORTED";
            case ERROR_NO_SYSTEM_RESOURCES: return "ERROR_NO_SYSTEM_RESOURCES";
            case WSAEINTR: return "WSAEINTR";
            case WSAEFAULT: return "WSAEFAULT";
            case WSAEINVAL: return "WSAEINVAL";
            case WSAEMFILE: return "WSAEMFILE";
            case WSAEWOULDBLOCK: return "WSAEWOULDBLOCK";
            case WSAEINPROGRESS: return "WSAEINPROGRESS";
            case WSAENOTSOCK: return "WSAENOTSOCK";
            case WSAEAFNOSUPPORT: return "WSAEAFNOSUPPORT";
            case WSAEADDRINUSE: return "WSAEADDRINUSE";
            case WSAEADDRNOTAVAIL: return "WSAEADDRNOTAVAIL";
            case WSAENETDOWN: return "WSAENETDOWN";
            case WSAENETUNREACH: return "WSAENETUNREACH";
            case WSAENETRESET: return "WSAENETRESET";
            case WSAECONNABORTED: return "WSAECONNABORTED";
            case WSAECONNRESET: return "WSAECONNRESET";
            case WSAENOBUFS: return "WSAENOBUFS";
            case WSAENOTCONN: return "WSAENOTCONN";
            case WSAESHUTDOWN: return "WSAESHUTDOWN";
            case WSAETIMEDOUT: return "WSAETIMEDOUT";
            case WSAECONNREFUSED: return "WSAECONNREFUSED";
            case WSAEHOSTUNREACH: return "WSAEHOSTUNREACH";
            case WSANOTINITIALISED: return "WSANOTINITIALISED";
            default: return "win32 error " + code;
        }
    }
}

package io.gameport.nativeio.windows;

import com.sun.jna.Native;

/**
 * Direct-mapped ws2_32 functions (winsock2.h). As in {@link Kernel32}, pointers, handles and
 * SOCKETs are {@code long} and no method declares {@code throws LastErrorException}: a
 * {@code SOCKET_ERROR} or {@code INVALID_SOCKET} result is followed by
 * {@link com.sun.jna.Native#getLastError()}, which holds the thread's Winsock error as saved by JNA
 * right after the call. ({@link #WSAGetLastError()} is bound too, but JNA's own work between two
 * calls may overwrite the thread's live value: prefer {@code Native.getLastError()}.)
 *
 * <p>AcceptEx, GetAcceptExSockaddrs and ConnectEx are not here: they are reached through function
 * pointers, see {@link WinsockExtensions}. Loading this class off Windows fails with
 * {@link UnsatisfiedLinkError}. Thread-safe: these are stateless calls.
 */
public final class Winsock {

    static {
        Native.register("ws2_32");
    }

    private Winsock() {
    }

    /** {@code int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData)}; returns the error itself (not via last error). */
    public static native int WSAStartup(short versionRequested, long wsaData);

    /** {@code int WSACleanup(void)}. */
    public static native int WSACleanup();

    /** {@code int WSAGetLastError(void)}. */
    public static native int WSAGetLastError();

    /**
     * {@code SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW, GROUP g, DWORD dwFlags)}.
     * Returns {@link WinConstants#INVALID_SOCKET} on failure.
     */
    public static native long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags);

    /** {@code int bind(SOCKET s, const sockaddr *name, int namelen)}. */
    public static native int bind(long socket, long sockaddr, int sockaddrLength);

    /** {@code int listen(SOCKET s, int backlog)}. */
    public static native int listen(long socket, int backlog);

    /** {@code int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen)}. */
    public static native int setsockopt(long socket, int level, int option, long value, int valueLength);

    /** {@code int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen)}. */
    public static native int getsockopt(long socket, int level, int option, long value, long valueLengthPtr);

    /** {@code int getsockname(SOCKET s, sockaddr *name, int *namelen)}. */
    public static native int getsockname(long socket, long sockaddr, long sockaddrLengthPtr);

    /** {@code int getpeername(SOCKET s, sockaddr *name, int *namelen)}. */
    public static native int getpeername(long socket, long sockaddr, long sockaddrLengthPtr);

    /** {@code int ioctlsocket(SOCKET s, long cmd, u_long *argp)}; Windows' {@code long} is 32 bits. */
    public static native int ioctlsocket(long socket, int command, long argumentPtr);

    /** {@code int recv(SOCKET s, char *buf, int len, int flags)}: the non-overlapped read of the zero-byte-receive drain. */
    public static native int recv(long socket, long buffer, int length, int flags);

    /**
     * {@code int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
     * LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED,
     * LPWSAOVERLAPPED_COMPLETION_ROUTINE)}.
     */
    public static native int WSAIoctl(long socket, int controlCode, long inBuffer, int inLength, long outBuffer, int outLength,
                                      long bytesReturnedPtr, long overlapped, long completionRoutine);

    /**
     * {@code int WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD
     * lpNumberOfBytesRecvd, LPDWORD lpFlags, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE)}.
     * 0 = completed inline; {@code SOCKET_ERROR} with {@code WSA_IO_PENDING} = a packet will come.
     */
    public static native int WSARecv(long socket, long wsabufs, int bufferCount, long bytesReceivedPtr, long flagsPtr,
                                     long overlapped, long completionRoutine);

    /**
     * {@code int WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD
     * lpNumberOfBytesSent, DWORD dwFlags, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE)}.
     */
    public static native int WSASend(long socket, long wsabufs, int bufferCount, long bytesSentPtr, int flags,
                                     long overlapped, long completionRoutine);

    /**
     * {@code BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED, LPDWORD lpcbTransfer, BOOL fWait,
     * LPDWORD lpdwFlags)}: FALSE with the operation's Winsock error in the last error.
     */
    public static native int WSAGetOverlappedResult(long socket, long overlapped, long bytesTransferredPtr, int wait, long flagsPtr);

    /** {@code int shutdown(SOCKET s, int how)}. */
    public static native int shutdown(long socket, int how);

    /** {@code int closesocket(SOCKET s)}. */
    public static native int closesocket(long socket);
}

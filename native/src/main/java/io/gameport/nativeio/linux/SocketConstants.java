package io.gameport.nativeio.linux;

/**
 * Socket constants for Linux x86-64 and aarch64, from glibc's bits/socket.h, bits/socket_type.h,
 * asm-generic/socket.h, asm-generic/ioctls.h, netinet/in.h and netinet/tcp.h (checked against this machine's headers).
 */
public final class SocketConstants {

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_NONBLOCK = 0x800;
    /** Close on exec, so that a child process never inherits a game connection. */
    public static final int SOCK_CLOEXEC = 0x80000;

    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_LINGER = 13;

    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    /** Fills a {@code struct tcp_info} ({@link TcpInfoLayout}). */
    public static final int TCP_INFO = 11;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    /**
     * {@code ioctl} request for the bytes waiting unread in a TCP socket's receive queue (also
     * named SIOCINQ); asm-generic/ioctls.h, the value on x86-64 and aarch64.
     */
    public static final int FIONREAD = 0x541B;

    /** Report EPIPE instead of raising SIGPIPE when the peer has gone. */
    public static final int MSG_NOSIGNAL = 0x4000;

    /** Largest sockaddr the kernel returns (struct sockaddr_storage). */
    public static final int SOCKADDR_STORAGE_SIZE = 128;

    private SocketConstants() {
    }
}

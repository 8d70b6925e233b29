package io.gameport.transport.iouring;

import com.sun.jna.Native;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.SocketConstants;
import io.gameport.nativeio.linux.TcpInfoLayout;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The synchronous socket calls the port makes itself (creating listeners and client sockets,
 * options, addresses), through a small native scratch area owned by the port's thread. None of
 * them is per-message: at most a few per connection.
 */
final class SocketCalls implements AutoCloseable {

    private static final int SCRATCH_BYTES = 256;
    private static final int LENGTH_OFFSET = 192;
    private static final String CTX_CLOSE_OWNED = "close of a socket whose connect failed";

    private final long scratch;
    private final ByteBuffer view;

    SocketCalls() throws IOException {
        scratch = NativeMemory.allocateZeroed(SCRATCH_BYTES);
        view = NativeMemory.view(scratch, SCRATCH_BYTES);
    }

    /** socket + SO_REUSEADDR + bind + listen; the descriptor, or an IOException naming the errno. */
    int listen(InetSocketAddress address, int backlog) throws IOException {
        int fd = LibC.socket(Sockaddrs.family(address), SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket for " + address + ": " + Errno.name(Native.getLastError()));
        }
        try {
            setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, 1, "SO_REUSEADDR");
            int length = Sockaddrs.write(view, 0, address);
            if (LibC.bind(fd, scratch, length) != 0) {
                throw new IOException("bind " + address + ": " + Errno.name(Native.getLastError()));
            }
            if (LibC.listen(fd, backlog) != 0) {
                throw new IOException("listen on " + address + ": " + Errno.name(Native.getLastError()));
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    /** A new client socket for {@code remote}, or -errno. */
    int clientSocket(InetSocketAddress remote) {
        int fd = LibC.socket(Sockaddrs.family(remote), SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        return fd >= 0 ? fd : -Native.getLastError();
    }

    /** Closes a client socket the port created whose connect failed (never handed out); a failure is recorded. */
    void closeOwned(int fd, ErrorMetrics metrics) {
        if (LibC.close(fd) != 0) {
            metrics.record(ErrorSpace.ERRNO, Native.getLastError(), CTX_CLOSE_OWNED);
        }
    }

    /** Applies the options; returns 0 or the errno of the first that failed. */
    int apply(int fd, SocketSettings options) {
        if (options.tcpNoDelay()) {
            int e = trySetInt(fd, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY, 1);
            if (e != 0) {
                return e;
            }
        }
        if (options.sendBufferBytes() > 0) {
            int e = trySetInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, options.sendBufferBytes());
            if (e != 0) {
                return e;
            }
        }
        if (options.receiveBufferBytes() > 0) {
            return trySetInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, options.receiveBufferBytes());
        }
        return 0;
    }

    InetSocketAddress localAddress(int fd) throws IOException {
        view.putInt(LENGTH_OFFSET, SocketConstants.SOCKADDR_STORAGE_SIZE);
        if (LibC.getsockname(fd, scratch, scratch + LENGTH_OFFSET) != 0) {
            throw new IOException("getsockname on fd " + fd + ": " + Errno.name(Native.getLastError()));
        }
        return Sockaddrs.read(view, 0);
    }

    /** The peer's address, or null when the socket is not (or no longer) connected. */
    InetSocketAddress remoteAddress(int fd) {
        view.putInt(LENGTH_OFFSET, SocketConstants.SOCKADDR_STORAGE_SIZE);
        if (LibC.getpeername(fd, scratch, scratch + LENGTH_OFFSET) != 0) {
            return null;
        }
        return Sockaddrs.read(view, 0);
    }

    /**
     * 0 while the kernel still has a connection for {@code fd}; {@link CompletionPort#PEER_ENDED}
     * when the peer's end of stream is in with nothing left unread (CLOSE_WAIT); else the failure
     * to act on: {@code SO_ERROR}'s error (ECONNRESET, ETIMEDOUT, ...), or ENOTCONN when the state is
     * TCP_CLOSE with no error left (a receive took it without its completion reaching us). A
     * failing getsockopt or ioctl is returned as its own errno for the caller to record. Allocates nothing.
     */
    long probePeer(int fd) {
        view.putInt(LENGTH_OFFSET, TcpInfoLayout.HEAD_LENGTH);
        if (LibC.getsockopt(fd, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_INFO, scratch, scratch + LENGTH_OFFSET) != 0) {
            return Completions.failure(Native.getLastError());
        }
        int state = view.get(TcpInfoLayout.STATE_OFFSET) & 0xFF;
        if (state == TcpInfoLayout.TCP_CLOSE_WAIT) {
            return endOfStreamUnread(fd);
        }
        if (state != TcpInfoLayout.TCP_CLOSE) {
            return 0;
        }
        view.putInt(LENGTH_OFFSET, 4);
        if (LibC.getsockopt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR, scratch, scratch + LENGTH_OFFSET) != 0) {
            return Completions.failure(Native.getLastError());
        }
        int error = view.getInt(0);
        return Completions.failure(error != 0 ? error : Errno.ENOTCONN);
    }

    /**
     * The peer's FIN is in (CLOSE_WAIT): its end of stream is the armed receive's to report, once
     * every byte before it is read. With nothing left unread, only the end of stream itself is
     * pending; bytes still queued mean a receive has yet to run, and it will report the end too.
     */
    private long endOfStreamUnread(int fd) {
        if (LibC.ioctl(fd, SocketConstants.FIONREAD, scratch) != 0) {
            return Completions.failure(Native.getLastError());
        }
        return view.getInt(0) == 0 ? CompletionPort.PEER_ENDED : 0;
    }

    private void setInt(int fd, int level, int name, int value, String what) throws IOException {
        int e = trySetInt(fd, level, name, value);
        if (e != 0) {
            throw new IOException("setsockopt " + what + " on fd " + fd + ": " + Errno.name(e));
        }
    }

    private int trySetInt(int fd, int level, int name, int value) {
        view.putInt(LENGTH_OFFSET + 8, value);
        return LibC.setsockopt(fd, level, name, scratch + LENGTH_OFFSET + 8, 4) == 0 ? 0 : Native.getLastError();
    }

    @Override
    public void close() {
        NativeMemory.free(scratch);
    }
}

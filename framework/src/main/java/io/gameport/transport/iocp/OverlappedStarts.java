package io.gameport.transport.iocp;

import com.sun.jna.Native;
import io.gameport.nativeio.windows.Kernel32;
import io.gameport.nativeio.windows.Winsock;
import io.gameport.nativeio.windows.WinsockExtensions;

/**
 * The four calls that start an overlapped operation, each answering the seed's three outcomes as
 * one number: 0 when it completed inline, {@code WSA_IO_PENDING} (997) when a packet will come, any
 * other value is the Win32/Winsock error it failed with at once; and the wake-up post. Production
 * uses {@link #NATIVE}; tests substitute answers the kernel rarely gives on demand (1450, 10055),
 * or hold a wake-up mid-flight, through this seam. The starts are called on the port's worker
 * thread only; {@link #postWakeup} from any thread.
 */
interface OverlappedStarts {

    int wsaRecv(long socket, long wsabufs, int count, long bytesPtr, long flagsPtr, long overlapped);

    int wsaSend(long socket, long wsabufs, int count, long bytesPtr, long overlapped);

    int acceptEx(WinsockExtensions extensions, long listener, long acceptSocket, long outputBuffer, int addressBytes,
                 long bytesPtr, long overlapped);

    int connectEx(WinsockExtensions extensions, long socket, long sockaddr, int sockaddrLength, long overlapped);

    /**
     * Posts one wake-up packet (no OVERLAPPED, the port's wake-up key) to {@code port}: 0 or the
     * error. Unlike the starts above it is called from any thread, by {@link IocpPort#wakeup()}.
     */
    default int postWakeup(long port) {
        return Kernel32.PostQueuedCompletionStatus(port, 0, IocpPort.WAKEUP_KEY, 0L) != 0 ? 0 : Native.getLastError();
    }

    /** The real calls; the last error is read right after each, before any other native call. */
    OverlappedStarts NATIVE = new OverlappedStarts() {
        @Override
        public int wsaRecv(long socket, long wsabufs, int count, long bytesPtr, long flagsPtr, long overlapped) {
            return Winsock.WSARecv(socket, wsabufs, count, bytesPtr, flagsPtr, overlapped, 0L) == 0 ? 0 : Native.getLastError();
        }

        @Override
        public int wsaSend(long socket, long wsabufs, int count, long bytesPtr, long overlapped) {
            return Winsock.WSASend(socket, wsabufs, count, bytesPtr, 0, overlapped, 0L) == 0 ? 0 : Native.getLastError();
        }

        @Override
        public int acceptEx(WinsockExtensions extensions, long listener, long acceptSocket, long outputBuffer,
                            int addressBytes, long bytesPtr, long overlapped) {
            // BOOL: non-zero is success. dwReceiveDataLength 0: complete on connection, not on first data.
            return extensions.acceptEx(listener, acceptSocket, outputBuffer, 0, addressBytes, addressBytes, bytesPtr, overlapped) != 0
                    ? 0 : Native.getLastError();
        }

        @Override
        public int connectEx(WinsockExtensions extensions, long socket, long sockaddr, int sockaddrLength, long overlapped) {
            return extensions.connectEx(socket, sockaddr, sockaddrLength, 0L, 0, 0L, overlapped) != 0 ? 0 : Native.getLastError();
        }
    };
}

package io.gameport.nativeio.windows;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;

/**
 * The Winsock extension functions AcceptEx, GetAcceptExSockaddrs and ConnectEx, whose addresses
 * only the socket's provider knows: they are fetched once with
 * {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} and called through JNA {@link Function}s.
 *
 * <p>Cost: unlike the direct-mapped calls, each invocation boxes its arguments into an
 * {@code Object[]} (a few dozen bytes). That is accepted here because these run once per
 * accepted or connected socket, never per byte or per receive/send.
 *
 * <p>Immutable and thread-safe once loaded. Errors are read with {@link Native#getLastError()}
 * after a FALSE return, which JNA saves for {@code Function} calls as for direct ones.
 */
public final class WinsockExtensions {

    private final Function acceptEx;
    private final Function getAcceptExSockaddrs;
    private final Function connectEx;

    private WinsockExtensions(Function acceptEx, Function getAcceptExSockaddrs, Function connectEx) {
        this.acceptEx = acceptEx;
        this.getAcceptExSockaddrs = getAcceptExSockaddrs;
        this.connectEx = connectEx;
    }

    /**
     * Looks the three functions up through {@code socket}, an open stream socket of the family
     * they will serve (Microsoft's provider gives one pointer per provider; ask per family).
     */
    public static WinsockExtensions load(long socket) throws WinCallException {
        return new WinsockExtensions(
                lookup(socket, WinConstants.WSAID_ACCEPTEX, "AcceptEx"),
                lookup(socket, WinConstants.WSAID_GETACCEPTEXSOCKADDRS, "GetAcceptExSockaddrs"),
                lookup(socket, WinConstants.WSAID_CONNECTEX, "ConnectEx"));
    }

    private static Function lookup(long socket, String guid, String name) throws WinCallException {
        // Off the hot path: a short-lived Memory is fine because WSAIoctl here is synchronous.
        Memory scratch = new Memory(GuidLayout.SIZE + 8 + 8);
        scratch.clear();
        GuidLayout.write(guid, scratch.getByteBuffer(0, GuidLayout.SIZE).order(ByteOrder.LITTLE_ENDIAN), 0);
        long base = Pointer.nativeValue(scratch);
        long out = base + GuidLayout.SIZE;
        long returned = out + 8;
        int rc = Winsock.WSAIoctl(socket, WinConstants.SIO_GET_EXTENSION_FUNCTION_POINTER,
                base, GuidLayout.SIZE, out, 8, returned, 0L, 0L);
        if (rc != 0) {
            throw new WinCallException("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, " + name + ")", Native.getLastError());
        }
        long address = scratch.getLong(GuidLayout.SIZE);
        if (address == 0L) {
            throw new WinCallException("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, " + name + ") returned NULL",
                    WinError.ERROR_INVALID_PARAMETER);
        }
        return Function.getFunction(new Pointer(address));
    }

    /**
     * {@code BOOL AcceptEx(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer,
     * DWORD dwReceiveDataLength, DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
     * LPDWORD lpdwBytesReceived, LPOVERLAPPED lpOverlapped)}. Returns non-zero when it completed
     * inline; FALSE with {@code ERROR_IO_PENDING} when a packet will come.
     */
    public int acceptEx(long listener, long acceptSocket, long outputBuffer, int receiveDataLength,
                        int localAddressLength, int remoteAddressLength, long bytesReceivedPtr, long overlapped) {
        return acceptEx.invokeInt(new Object[] {
                listener, acceptSocket, outputBuffer, receiveDataLength,
                localAddressLength, remoteAddressLength, bytesReceivedPtr, overlapped});
    }

    /**
     * {@code void GetAcceptExSockaddrs(PVOID lpOutputBuffer, DWORD dwReceiveDataLength, DWORD
     * dwLocalAddressLength, DWORD dwRemoteAddressLength, sockaddr **LocalSockaddr, LPINT
     * LocalSockaddrLength, sockaddr **RemoteSockaddr, LPINT RemoteSockaddrLength)}: parses the
     * addresses AcceptEx wrote into its output buffer; the out pointers point into that buffer.
     */
    public void getAcceptExSockaddrs(long outputBuffer, int receiveDataLength, int localAddressLength, int remoteAddressLength,
                                     long localSockaddrPtrPtr, long localLengthPtr, long remoteSockaddrPtrPtr, long remoteLengthPtr) {
        getAcceptExSockaddrs.invokeVoid(new Object[] {
                outputBuffer, receiveDataLength, localAddressLength, remoteAddressLength,
                localSockaddrPtrPtr, localLengthPtr, remoteSockaddrPtrPtr, remoteLengthPtr});
    }

    /**
     * {@code BOOL ConnectEx(SOCKET s, const sockaddr *name, int namelen, PVOID lpSendBuffer,
     * DWORD dwSendDataLength, LPDWORD lpdwBytesSent, LPOVERLAPPED lpOverlapped)}. The socket must
     * be bound first (to the wildcard address, port 0).
     */
    public int connectEx(long socket, long sockaddr, int sockaddrLength, long sendBuffer, int sendLength,
                         long bytesSentPtr, long overlapped) {
        return connectEx.invokeInt(new Object[] {
                socket, sockaddr, sockaddrLength, sendBuffer, sendLength, bytesSentPtr, overlapped});
    }
}

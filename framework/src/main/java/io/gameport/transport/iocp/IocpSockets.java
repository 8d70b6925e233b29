package io.gameport.transport.iocp;

import com.sun.jna.Native;
import io.gameport.nativeio.windows.Kernel32;
import io.gameport.nativeio.windows.WinCallException;
import io.gameport.nativeio.windows.WinConstants;
import io.gameport.nativeio.windows.Winsock;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketSettings;

/**
 * The sockets one {@link IocpPort} knows: each associated with the port once (registered), with
 * the list of its operations in flight, and the count of sockets the port made itself and still
 * owns (AcceptEx's pre-made sockets, connecting sockets). A socket's close is delivered when the
 * last operation it aborted leaves its list.
 *
 * <p>Owner thread only.
 */
final class IocpSockets {

    private final long port;
    private final IocpSettings settings;
    private final ErrorMetrics metrics;
    private final SocketSettings options;
    private final boolean zeroByte;
    private final NativeArea scratch;
    private final OperationSlab slab;
    private final LocalQueue local;
    private final HandleTable sockets = new HandleTable(64);
    private int owned;

    IocpSockets(long port, IocpSettings settings, ErrorMetrics metrics, SocketSettings options, NativeArea scratch,
                OperationSlab slab, LocalQueue local) {
        this.port = port;
        this.settings = settings;
        this.metrics = metrics;
        this.options = options;
        this.zeroByte = settings.receiveMode() == IocpReceiveMode.ZERO_BYTE;
        this.scratch = scratch;
        this.slab = slab;
        this.local = local;
    }

    IocpSocket get(long handle) {
        return sockets.get(handle);
    }

    IocpSocket remove(long handle) {
        return sockets.remove(handle);
    }

    /** Sockets associated with and known to this port. */
    int size() {
        return sockets.size();
    }

    /** The socket an operation starts on, registered on first use; null (and the operation failed) when it cannot be. */
    IocpSocket forOperation(long handle, long token) {
        IocpSocket s = sockets.get(handle);
        if (s != null) {
            return s;
        }
        try {
            return register(handle, 0, false);
        } catch (WinCallException e) {
            local.addDelivery(token, Completions.failure(e.code()), 0);
            return null;
        }
    }

    /** Associates the socket with the port, sets its completion modes, and knows it from now on. */
    IocpSocket register(long handle, int family, boolean listener) throws WinCallException {
        if (Kernel32.CreateIoCompletionPort(handle, port, IocpPort.SOCKET_KEY, 0) == 0L) {
            throw new WinCallException("CreateIoCompletionPort(socket " + handle + ")", Native.getLastError());
        }
        boolean skip = false;
        if (settings.skipCompletionPortOnSuccess()) {
            byte modes = WinConstants.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | WinConstants.FILE_SKIP_SET_EVENT_ON_HANDLE;
            if (Kernel32.SetFileCompletionNotificationModes(handle, modes) != 0) {
                skip = true;
            } else {
                metrics.record(ErrorSpace.WINDOWS, Native.getLastError(),
                        "SetFileCompletionNotificationModes on socket " + handle + " (inline successes will post packets)");
            }
        }
        if (!listener && zeroByte) {
            // The drain after a zero-byte receive must never block the worker. Overlapped calls ignore this mode.
            scratch.view().putInt(0, 1);
            if (Winsock.ioctlsocket(handle, WinConstants.FIONBIO, scratch.address()) != 0) {
                throw new WinCallException("ioctlsocket(FIONBIO) on socket " + handle, Native.getLastError());
            }
        }
        IocpSocket s = new IocpSocket(handle, family, listener, skip);
        sockets.put(handle, s);
        return s;
    }

    /** Adds the slot's operation to the socket's list of operations in flight. */
    void link(int slot, IocpSocket s) {
        slab.owner[slot] = s;
        int first = s.firstSlot;
        slab.nextOfSocket[slot] = first;
        slab.prevOfSocket[slot] = -1;
        if (first != -1) {
            slab.prevOfSocket[first] = slot;
        }
        s.firstSlot = slot;
    }

    /** Takes the slot's operation off its socket's list; the last one off a closed socket queues the close's completion. */
    void unlink(int slot) {
        IocpSocket s = slab.owner[slot];
        int prev = slab.prevOfSocket[slot];
        int next = slab.nextOfSocket[slot];
        if (prev != -1) {
            slab.nextOfSocket[prev] = next;
        } else {
            s.firstSlot = next;
        }
        if (next != -1) {
            slab.prevOfSocket[next] = prev;
        }
        slab.nextOfSocket[slot] = -1;
        slab.prevOfSocket[slot] = -1;
        if (s.firstSlot == -1 && s.closeAwaitingOperations) {
            // Queued, so it follows the completion of the operation being finished now.
            s.closeAwaitingOperations = false;
            local.addDelivery(s.closeToken, s.closeResult, 0);
        }
    }

    /** A new overlapped, non-inheritable TCP socket, or INVALID_SOCKET. Not counted as owned: the caller decides. */
    static long newSocket(int family) {
        return Winsock.WSASocketW(family, WinConstants.SOCK_STREAM, WinConstants.IPPROTO_TCP, 0L, 0,
                WinConstants.WSA_FLAG_OVERLAPPED | WinConstants.WSA_FLAG_NO_HANDLE_INHERIT);
    }

    /** A socket the port made is now the port's to close. */
    void countOwned() {
        owned++;
    }

    /** A socket the port made was handed to the caller, or closed elsewhere. */
    void countHandedOver() {
        owned--;
    }

    /** Sockets the port made and still owns. */
    int owned() {
        return owned;
    }

    /** Closes a socket the port made and owns; -1 (none) is ignored. */
    void closeOwned(long handle, String why) {
        if (handle == -1L) {
            return;
        }
        owned--;
        if (Winsock.closesocket(handle) != 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "closesocket " + handle + " (" + why + ")");
        }
    }

    /** The configured socket options, on a socket about to be handed to the caller; failures are recorded. */
    void applyOptions(long handle) {
        if (options.tcpNoDelay()) {
            setIntOption(handle, WinConstants.IPPROTO_TCP, WinConstants.TCP_NODELAY, 1, "TCP_NODELAY");
        }
        if (options.sendBufferBytes() > 0) {
            setIntOption(handle, WinConstants.SOL_SOCKET, WinConstants.SO_SNDBUF, options.sendBufferBytes(), "SO_SNDBUF");
        }
        if (options.receiveBufferBytes() > 0) {
            setIntOption(handle, WinConstants.SOL_SOCKET, WinConstants.SO_RCVBUF, options.receiveBufferBytes(), "SO_RCVBUF");
        }
    }

    private void setIntOption(long handle, int level, int option, int value, String name) {
        scratch.view().putInt(0, value);
        if (Winsock.setsockopt(handle, level, option, scratch.address(), 4) != 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), name + " on socket " + handle);
        }
    }
}

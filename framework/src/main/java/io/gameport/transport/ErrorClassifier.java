package io.gameport.transport;

import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.windows.WinError;

/**
 * The one place where native error codes become {@link Outcome}s, for Linux errno values and
 * for Windows codes alike, so that every backend and the scripted test port agree on what a code
 * means. The Windows rows follow DESIGN.md's table of GetQueuedCompletionStatus outcomes.
 *
 * <p>ERROR_NETNAME_DELETED (64) is classified as a peer reset here; a connection that is
 * closing itself knows better and treats it as its own abort (IOCP reports 64 both for a peer's
 * RST and for a closesocket with I/O still pending).
 */
public final class ErrorClassifier {

    private ErrorClassifier() {
    }

    public static Outcome classify(ErrorSpace space, int code) {
        return space == ErrorSpace.ERRNO ? classifyErrno(code) : classifyWindows(code);
    }

    /** The symbolic name of a code, e.g. {@code ECONNRESET} or {@code WSAENOBUFS}. */
    public static String name(ErrorSpace space, int code) {
        return space == ErrorSpace.ERRNO ? Errno.name(code) : WinError.name(code);
    }

    /**
     * Accept errors that say the listener itself can never accept again (its handle is bad, not a
     * socket, or not listening), so re-arming would fail the same way at once, forever:
     * EBADF, EINVAL, ENOTSOCK, EFAULT, EOPNOTSUPP; WSAENOTSOCK, WSAEINVAL, WSAEFAULT.
     * Per-connection failures (ECONNABORTED, ...) and shortages (EMFILE, ...) are not among them.
     */
    public static boolean endsListener(ErrorSpace space, int code) {
        if (space == ErrorSpace.ERRNO) {
            return code == Errno.EBADF || code == Errno.EINVAL || code == Errno.ENOTSOCK
                    || code == Errno.EFAULT || code == Errno.EOPNOTSUPP;
        }
        return code == WinError.WSAENOTSOCK || code == WinError.WSAEINVAL || code == WinError.WSAEFAULT;
    }

    /**
     * Of the {@link #endsListener} errors, those saying the handle no longer names our socket
     * (EBADF, ENOTSOCK, WSAENOTSOCK): it must not be closed, since its number may already belong
     * to another descriptor of the process.
     */
    public static boolean listenerHandleGone(ErrorSpace space, int code) {
        if (space == ErrorSpace.ERRNO) {
            return code == Errno.EBADF || code == Errno.ENOTSOCK;
        }
        return code == WinError.WSAENOTSOCK;
    }

    private static Outcome classifyErrno(int errno) {
        switch (errno) {
            case Errno.ECANCELED:
                return Outcome.ABORTED_BY_US;
            case Errno.ECONNRESET:
            case Errno.EPIPE:
            case Errno.ECONNABORTED:
            case Errno.ETIMEDOUT:
            case Errno.ENOTCONN:
            case Errno.ENETDOWN:
            case Errno.ENETUNREACH:
            case Errno.ENETRESET:
            case Errno.EHOSTUNREACH:
                return Outcome.PEER_RESET;
            case Errno.ECONNREFUSED:
                return Outcome.REFUSED;
            case Errno.ENOBUFS:
            case Errno.ENOMEM:
            case Errno.EMFILE:
            case Errno.ENFILE:
                return Outcome.OUT_OF_RESOURCES;
            case Errno.EAGAIN:
            case Errno.EINTR:
                return Outcome.WOULD_BLOCK;
            default:
                return Outcome.FATAL;
        }
    }

    private static Outcome classifyWindows(int code) {
        switch (code) {
            case WinError.ERROR_OPERATION_ABORTED:
                return Outcome.ABORTED_BY_US;
            case WinError.ERROR_NETNAME_DELETED:
            case WinError.ERROR_CONNECTION_ABORTED:
            case WinError.WSAECONNABORTED:
            case WinError.WSAECONNRESET:
            case WinError.WSAENETRESET:
            case WinError.WSAENETDOWN:
            case WinError.WSAENETUNREACH:
            case WinError.WSAEHOSTUNREACH:
            case WinError.WSAETIMEDOUT:
            case WinError.WSAENOTCONN:
            case WinError.ERROR_SEM_TIMEOUT:
                return Outcome.PEER_RESET;
            case WinError.WSAECONNREFUSED:
            case WinError.ERROR_CONNECTION_REFUSED:
                return Outcome.REFUSED;
            case WinError.ERROR_NO_SYSTEM_RESOURCES:
            case WinError.WSAENOBUFS:
            case WinError.ERROR_NOT_ENOUGH_MEMORY:
            case WinError.ERROR_OUTOFMEMORY:
            case WinError.WSAEMFILE:
                return Outcome.OUT_OF_RESOURCES;
            case WinError.WSAEWOULDBLOCK:
            case WinError.WAIT_TIMEOUT:
            case WinError.WSAEINTR:
                return Outcome.WOULD_BLOCK;
            case WinError.ERROR_INVALID_HANDLE:
            case WinError.ERROR_ABANDONED_WAIT_0:
                return Outcome.PORT_CLOSED;
            default:
                // 2, 998 ERROR_NOACCESS, 10038 WSAENOTSOCK, 10058 WSAESHUTDOWN, ...: the socket is dead.
                return Outcome.FATAL;
        }
    }
}

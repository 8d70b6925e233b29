package io.gameport.transport.iocp;

/**
 * What one port knows about one socket associated with it: the handle, whether inline successes
 * skip the port, the slots of its operations in flight (an intrusive list through
 * {@link OperationSlab#nextOfSocket}), and for a listener its pool of AcceptEx operations.
 * A socket closed by the port keeps this object alive only through its slots, so a new socket that
 * reuses the handle value gets a fresh one. A close with operations in flight completes only after
 * the last of them (so a caller may release everything of the socket on the close completion).
 * Owned by the port's worker thread.
 */
final class IocpSocket {
    final long handle;
    final int family;
    final boolean listener;
    final boolean skipOnSuccess;
    int firstSlot = -1;
    boolean closed;
    /** Closed while operations were in flight: the close completes after the last of them. */
    boolean closeAwaitingOperations;
    long closeToken;
    long closeResult;

    // Listener only: the armed accept.
    long acceptToken;
    int acceptSlots;
    boolean acceptStopping;
    int acceptEndError;

    IocpSocket(long handle, int family, boolean listener, boolean skipOnSuccess) {
        this.handle = handle;
        this.family = family;
        this.listener = listener;
        this.skipOnSuccess = skipOnSuccess;
    }
}

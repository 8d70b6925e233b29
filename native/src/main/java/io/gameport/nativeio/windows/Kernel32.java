package io.gameport.nativeio.windows;

import com.sun.jna.Native;

/**
 * Direct-mapped kernel32 functions of the I/O completion port API (minwinbase.h, ioapiset.h,
 * winbase.h). Every argument is a plain {@code int}, {@code long} or {@code byte}: pointers and
 * handles are passed as {@code long} addresses (x64: one 64-bit register either way), so a call
 * allocates nothing and costs one JNI transition.
 *
 * <p>No method declares {@code throws LastErrorException}: JNA would throw whenever the thread's
 * last error is non-zero, which includes every {@code ERROR_IO_PENDING}. Read the error with
 * {@link com.sun.jna.Native#getLastError()} right after a call that reported failure; JNA saves it
 * per thread before any other native code can overwrite it.
 *
 * <p>Loading this class on anything but Windows fails with {@link UnsatisfiedLinkError}: check the
 * platform first. Thread-safe: these are stateless calls.
 */
public final class Kernel32 {

    static {
        Native.register("kernel32");
    }

    private Kernel32() {
    }

    /**
     * {@code HANDLE CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
     * ULONG_PTR CompletionKey, DWORD NumberOfConcurrentThreads)}: with
     * {@link WinConstants#INVALID_HANDLE_VALUE} and port 0 it creates a port; with a socket and a port it
     * associates them (once per socket, for the socket's lifetime). Returns 0 on failure.
     */
    public static native long CreateIoCompletionPort(long fileHandle, long existingPort, long completionKey, int concurrentThreads);

    /**
     * {@code BOOL GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY
     * lpCompletionPortEntries, ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
     * BOOL fAlertable)}. TRUE says entries were removed; each entry's own status is in its
     * OVERLAPPED's {@code Internal} (an NTSTATUS), not in the return value.
     */
    public static native int GetQueuedCompletionStatusEx(long port, long entries, int count, long numRemoved, int timeoutMs, int alertable);

    /** {@code BOOL PostQueuedCompletionStatus(HANDLE, DWORD bytes, ULONG_PTR key, LPOVERLAPPED)}. */
    public static native int PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped);

    /**
     * {@code BOOL SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags)}. With
     * {@link WinConstants#FILE_SKIP_COMPLETION_PORT_ON_SUCCESS} a call that completes inline posts no packet.
     */
    public static native int SetFileCompletionNotificationModes(long handle, byte flags);

    /** {@code BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)}; overlapped 0 cancels all of the handle's I/O. */
    public static native int CancelIoEx(long handle, long overlapped);

    /** {@code BOOL CloseHandle(HANDLE)}. */
    public static native int CloseHandle(long handle);

    /**
     * {@code LPVOID VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType, DWORD
     * flProtect)}: reserve address space once ({@link WinConstants#MEM_RESERVE}), commit pages of it
     * later ({@link WinConstants#MEM_COMMIT}, zero-filled) without moving what is already there.
     * Returns 0 on failure.
     */
    public static native long VirtualAlloc(long address, long size, int allocationType, int protect);

    /** {@code BOOL VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)}; MEM_RELEASE needs size 0. */
    public static native int VirtualFree(long address, long size, int freeType);
}

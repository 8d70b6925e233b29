package io.gameport.nativeio.windows;

/**
 * {@code OVERLAPPED_ENTRY} (minwinbase.h) on Windows x64, 32 bytes; GetQueuedCompletionStatusEx
 * fills an array of them:
 * <pre>
 *  0                8                16               24      28      32
 *  +----------------+----------------+----------------+-------+-------+
 *  | lpCompletionKey| lpOverlapped   | Internal       | bytes | (pad) |
 *  | ULONG_PTR      | LPOVERLAPPED   | ULONG_PTR      | DWORD |       |
 *  +----------------+----------------+----------------+-------+-------+
 * </pre>
 * {@code Internal} is reserved; the operation's status is read from the OVERLAPPED itself. The 4
 * bytes of padding come from the struct's 8-byte alignment.
 */
public final class OverlappedEntryLayout {
    public static final int COMPLETION_KEY_OFFSET = 0;
    public static final int OVERLAPPED_OFFSET = 8;
    public static final int INTERNAL_OFFSET = 16;
    public static final int BYTES_TRANSFERRED_OFFSET = 24;
    public static final int SIZE = 32;
    public static final int ALIGNMENT = 8;

    private OverlappedEntryLayout() {
    }
}

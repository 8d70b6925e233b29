package io.gameport.nativeio.windows;

/**
 * {@code OVERLAPPED} (minwinbase.h) on Windows x64, 32 bytes:
 * <pre>
 *  0               8               16      20      24              32
 *  +---------------+---------------+-------+-------+---------------+
 *  | Internal      | InternalHigh  |Offset |OffHigh| hEvent        |
 *  | ULONG_PTR     | ULONG_PTR     | DWORD | DWORD | HANDLE        |
 *  +---------------+---------------+-------+-------+---------------+
 * </pre>
 * {@code Internal} holds the operation's NTSTATUS and {@code InternalHigh} its byte count once it
 * completed ({@code Offset}/{@code OffsetHigh} overlay a {@code PVOID Pointer} in a union; sockets
 * ignore them). Every field must be zero when an operation is started.
 */
public final class OverlappedLayout {
    public static final int INTERNAL_OFFSET = 0;
    public static final int INTERNAL_HIGH_OFFSET = 8;
    public static final int OFFSET_OFFSET = 16;
    public static final int OFFSET_HIGH_OFFSET = 20;
    public static final int H_EVENT_OFFSET = 24;
    public static final int SIZE = 32;
    /** Alignment of the struct (its pointer-sized fields). */
    public static final int ALIGNMENT = 8;

    private OverlappedLayout() {
    }
}

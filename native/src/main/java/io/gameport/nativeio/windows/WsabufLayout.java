package io.gameport.nativeio.windows;

/**
 * {@code WSABUF} (ws2def.h) on Windows x64, 16 bytes: {@code ULONG len} at 0, 4 bytes of padding,
 * {@code CHAR *buf} at 8. WSASend and WSARecv take an array of them; the array itself may be
 * temporary, the bytes it points at belong to the kernel until the completion is dequeued.
 */
public final class WsabufLayout {
    public static final int LEN_OFFSET = 0;
    public static final int BUF_OFFSET = 8;
    public static final int SIZE = 16;
    public static final int ALIGNMENT = 8;

    private WsabufLayout() {
    }
}

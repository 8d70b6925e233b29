package io.gameport.nativeio.windows;

/**
 * {@code SOCKADDR_STORAGE} (ws2def.h), 128 bytes, 8-aligned: room for any address; its family
 * (u16) at 0 says which layout the rest follows.
 */
public final class SockaddrStorageLayout {
    public static final int FAMILY_OFFSET = 0;
    public static final int SIZE = 128;
    public static final int ALIGNMENT = 8;

    private SockaddrStorageLayout() {
    }
}

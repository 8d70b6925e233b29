package io.gameport.nativeio.windows;

/**
 * {@code sockaddr_in} (ws2def.h), 16 bytes: {@code ADDRESS_FAMILY sin_family} (u16, host order) at
 * 0, {@code USHORT sin_port} (network order) at 2, {@code IN_ADDR sin_addr} (4 bytes, network
 * order) at 4, {@code CHAR sin_zero[8]} at 8.
 */
public final class SockaddrInLayout {
    public static final int FAMILY_OFFSET = 0;
    public static final int PORT_OFFSET = 2;
    public static final int ADDR_OFFSET = 4;
    public static final int ADDR_LENGTH = 4;
    public static final int ZERO_OFFSET = 8;
    public static final int ZERO_LENGTH = 8;
    public static final int SIZE = 16;

    private SockaddrInLayout() {
    }
}

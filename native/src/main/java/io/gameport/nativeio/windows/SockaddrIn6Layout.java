package io.gameport.nativeio.windows;

/**
 * {@code sockaddr_in6} (ws2ipdef.h), 28 bytes: {@code sin6_family} (u16) at 0, {@code sin6_port}
 * (u16, network order) at 2, {@code sin6_flowinfo} (u32) at 4, {@code IN6_ADDR sin6_addr} (16
 * bytes) at 8, {@code sin6_scope_id} (u32, a union with SCOPE_ID) at 24.
 */
public final class SockaddrIn6Layout {
    public static final int FAMILY_OFFSET = 0;
    public static final int PORT_OFFSET = 2;
    public static final int FLOWINFO_OFFSET = 4;
    public static final int ADDR_OFFSET = 8;
    public static final int ADDR_LENGTH = 16;
    public static final int SCOPE_ID_OFFSET = 24;
    public static final int SIZE = 28;

    private SockaddrIn6Layout() {
    }
}

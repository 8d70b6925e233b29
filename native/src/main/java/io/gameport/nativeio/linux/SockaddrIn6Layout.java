package io.gameport.nativeio.linux;

/**
 * {@code struct sockaddr_in6} (netinet/in.h), 28 bytes. Port, flow info and address are in
 * network byte order; the family and scope id in host order.
 *
 * <pre>
 *   0 u16 sin6_family   2 u16 sin6_port (BE)   4 u32 sin6_flowinfo   8 u8 sin6_addr[16]   24 u32 sin6_scope_id
 * </pre>
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

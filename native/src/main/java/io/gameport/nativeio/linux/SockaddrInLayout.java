package io.gameport.nativeio.linux;

/**
 * {@code struct sockaddr_in} (netinet/in.h), 16 bytes. Port and address are in network byte
 * order (big endian); the family is in host order.
 *
 * <pre>
 *   0 u16 sin_family   2 u16 sin_port (BE)   4 u32 sin_addr (BE)   8 u8 sin_zero[8]
 * </pre>
 */
public final class SockaddrInLayout {
    public static final int FAMILY_OFFSET = 0;
    public static final int PORT_OFFSET = 2;
    public static final int ADDR_OFFSET = 4;
    public static final int ZERO_OFFSET = 8;
    public static final int SIZE = 16;

    private SockaddrInLayout() {
    }
}

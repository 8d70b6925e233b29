package io.gameport.nativeio.windows;

/**
 * {@code WSADATA} (winsock2.h) as declared for {@code _WIN64}, where the vendor pointer moves up
 * next to the version fields:
 * <pre>
 *  0      2      4      6      8              16                         273                 402  408
 *  |wVer  |wHigh |iMaxS |iMaxU |lpVendorInfo  |szDescription[257]        |szSystemStatus[129]|pad |
 * </pre>
 * WSAStartup only needs a writable block of {@link #SIZE} bytes; the fields are named so a test
 * can check the version Winsock granted.
 */
public final class WsadataLayout {
    public static final int VERSION_OFFSET = 0;
    public static final int HIGH_VERSION_OFFSET = 2;
    public static final int MAX_SOCKETS_OFFSET = 4;
    public static final int MAX_UDP_DG_OFFSET = 6;
    public static final int VENDOR_INFO_OFFSET = 8;
    public static final int DESCRIPTION_OFFSET = 16;
    /** {@code WSADESCRIPTION_LEN + 1}. */
    public static final int DESCRIPTION_LENGTH = 257;
    public static final int SYSTEM_STATUS_OFFSET = 273;
    /** {@code WSASYS_STATUS_LEN + 1}. */
    public static final int SYSTEM_STATUS_LENGTH = 129;
    public static final int SIZE = 408;
    public static final int ALIGNMENT = 8;

    private WsadataLayout() {
    }
}

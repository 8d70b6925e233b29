package io.gameport.nativeio.windows;

/**
 * {@code LINGER} (winsock2.h), 4 bytes: {@code u_short l_onoff} at 0, {@code u_short l_linger}
 * (seconds) at 2. {@code l_onoff = 1, l_linger = 0} makes closesocket abort with an RST.
 */
public final class LingerLayout {
    public static final int ONOFF_OFFSET = 0;
    public static final int LINGER_OFFSET = 2;
    public static final int SIZE = 4;

    private LingerLayout() {
    }
}

package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.nativeio.linux.SockaddrIn6Layout;
import io.gameport.nativeio.linux.SockaddrInLayout;
import io.gameport.nativeio.linux.SocketConstants;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SockaddrsTest {

    private final ByteBuffer view = ByteBuffer.allocateDirect(128).order(ByteOrder.nativeOrder());

    @Test
    void ipv4IsWrittenInNetworkOrderAndReadBack() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0x1F90);
        assertEquals(SockaddrInLayout.SIZE, Sockaddrs.write(view, 8, address));
        assertEquals(SocketConstants.AF_INET, view.getShort(8 + SockaddrInLayout.FAMILY_OFFSET));
        assertEquals(0x1F, view.get(8 + SockaddrInLayout.PORT_OFFSET), "port high byte first");
        assertEquals((byte) 0x90, view.get(8 + SockaddrInLayout.PORT_OFFSET + 1));
        assertEquals(127, view.get(8 + SockaddrInLayout.ADDR_OFFSET));
        assertEquals(1, view.get(8 + SockaddrInLayout.ADDR_OFFSET + 3));
        assertEquals(address, Sockaddrs.read(view, 8));
    }

    @Test
    void ipv6IsWrittenWithItsFamilyAndReadBack() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("::1"), 65535);
        assertEquals(SockaddrIn6Layout.SIZE, Sockaddrs.write(view, 0, address));
        assertEquals(SocketConstants.AF_INET6, view.getShort(SockaddrIn6Layout.FAMILY_OFFSET));
        assertEquals(1, view.get(SockaddrIn6Layout.ADDR_OFFSET + 15));
        assertEquals(address, Sockaddrs.read(view, 0));
    }
}

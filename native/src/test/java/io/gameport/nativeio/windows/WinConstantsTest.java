package io.gameport.nativeio.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Constants whose values come from header macros, recomputed from those macros; encoders checked byte by byte. */
class WinConstantsTest {

    // winsock2.h: #define IOCPARM_MASK 0x7f, IOC_IN 0x80000000, _IOW(x,y,t) (IOC_IN|(((long)sizeof(t)&IOCPARM_MASK)<<16)|((x)<<8)|(y))
    @Test
    void fionbioIsIowOfF126WithAFourByteArgument() {
        int iocIn = 0x80000000;
        int sizeofULong = 4;
        assertEquals(iocIn | ((sizeofULong & 0x7f) << 16) | ('f' << 8) | 126, WinConstants.FIONBIO);
    }

    // winsock2.h: IOC_OUT 0x40000000, _IOR(x,y,t) (IOC_OUT|(((long)sizeof(t)&IOCPARM_MASK)<<16)|((x)<<8)|(y))
    @Test
    void fionreadIsIorOfF127WithAFourByteArgument() {
        assertEquals(0x40000000 | (4 << 16) | ('f' << 8) | 127, WinConstants.FIONREAD);
    }

    // ws2def.h: #define _WSAIORW(x,y) (IOC_INOUT|(x)|(y)), IOC_INOUT = IOC_IN|IOC_OUT, IOC_OUT 0x40000000, IOC_WS2 0x08000000
    @Test
    void extensionFunctionPointerIoctlIsWsaiorwOfWs2Six() {
        int iocInOut = 0x80000000 | 0x40000000;
        int iocWs2 = 0x08000000;
        assertEquals(iocInOut | iocWs2 | 6, WinConstants.SIO_GET_EXTENSION_FUNCTION_POINTER);
    }

    @Test
    void exclusiveAddressUseIsTheComplementOfReuseAddress() {
        assertEquals(0xFFFFFFFB, WinConstants.SO_EXCLUSIVEADDRUSE);
    }

    @Test
    void acceptExGuidIsStoredWithLittleEndianLeadingGroups() {
        ByteBuffer buffer = ByteBuffer.allocate(GuidLayout.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        GuidLayout.write(WinConstants.WSAID_ACCEPTEX, buffer, 0);
        // {0xb5367df1,0xcbac,0x11cf,{0x95,0xca,0x00,0x80,0x5f,0x48,0xa1,0x92}} as laid out in memory.
        assertArrayEquals(new byte[] {
                (byte) 0xf1, 0x7d, 0x36, (byte) 0xb5, (byte) 0xac, (byte) 0xcb, (byte) 0xcf, 0x11,
                (byte) 0x95, (byte) 0xca, 0x00, (byte) 0x80, 0x5f, 0x48, (byte) 0xa1, (byte) 0x92}, buffer.array());
    }

    @Test
    void connectExGuidIsStoredWithLittleEndianLeadingGroups() {
        ByteBuffer buffer = ByteBuffer.allocate(GuidLayout.SIZE);
        GuidLayout.write(WinConstants.WSAID_CONNECTEX, buffer, 0);
        // {0x25a207b9,0xddf3,0x4660,{0x8e,0xe9,0x76,0xe5,0x8c,0x74,0x06,0x3e}}
        assertArrayEquals(new byte[] {
                (byte) 0xb9, 0x07, (byte) 0xa2, 0x25, (byte) 0xf3, (byte) 0xdd, 0x60, 0x46,
                (byte) 0x8e, (byte) 0xe9, 0x76, (byte) 0xe5, (byte) 0x8c, 0x74, 0x06, 0x3e}, buffer.array());
    }

    @Test
    void sockaddrInHasHostOrderFamilyAndNetworkOrderPortAndAddress() throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(SockaddrInLayout.SIZE);
        int length = Sockaddrs.write(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0x1F90), buffer, 0);
        assertEquals(SockaddrInLayout.SIZE, length);
        assertArrayEquals(new byte[] {2, 0, 0x1F, (byte) 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, buffer.array());
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080), Sockaddrs.read(buffer, 0));
    }

    @Test
    void sockaddrIn6RoundTripsLoopbackAndPort() throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(SockaddrIn6Layout.SIZE + 4);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("::1"), 443);
        assertEquals(SockaddrIn6Layout.SIZE, Sockaddrs.write(address, buffer, 4));
        assertEquals(23, buffer.get(4));
        assertEquals(0, buffer.get(5));
        assertEquals(1, buffer.get(4 + SockaddrIn6Layout.ADDR_OFFSET + 15));
        assertEquals(address, Sockaddrs.read(buffer, 4));
    }

    @Test
    void ntStatusOfCommonSocketFailuresMapsToTheirWinsockCodes() {
        assertEquals(WinError.ERROR_OPERATION_ABORTED, NtStatus.toWinError(NtStatus.STATUS_CANCELLED));
        assertEquals(WinError.WSAECONNRESET, NtStatus.toWinError(NtStatus.STATUS_CONNECTION_RESET));
        assertEquals(WinError.ERROR_CONNECTION_ABORTED, NtStatus.toWinError(NtStatus.STATUS_CONNECTION_ABORTED));
        assertEquals(WinError.ERROR_NETNAME_DELETED, NtStatus.toWinError(NtStatus.STATUS_LOCAL_DISCONNECT));
        assertEquals(WinError.ERROR_NETNAME_DELETED, NtStatus.toWinError(NtStatus.STATUS_REMOTE_DISCONNECT));
        assertEquals(WinError.ERROR_NO_SYSTEM_RESOURCES, NtStatus.toWinError(NtStatus.STATUS_INSUFFICIENT_RESOURCES));
        assertEquals(WinError.WSAECONNREFUSED, NtStatus.toWinError(NtStatus.STATUS_CONNECTION_REFUSED));
        assertEquals(0, NtStatus.toWinError(NtStatus.STATUS_SUCCESS));
    }

    @Test
    void unknownNtStatusFailureNeverMapsToSuccess() {
        assertEquals(WinError.ERROR_INVALID_PARAMETER, NtStatus.toWinError(0xC0000000));
        assertEquals(0x1234, NtStatus.toWinError(0xC0001234));
    }
}

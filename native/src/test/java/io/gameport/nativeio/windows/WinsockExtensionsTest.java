package io.gameport.nativeio.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The bindings alone, without the framework: AcceptEx, GetAcceptExSockaddrs and ConnectEx through
 * their WSAIoctl pointers, completing on a completion port dequeued with
 * GetQueuedCompletionStatusEx, every struct read at the offsets of the layout classes. Windows only
 * (runs under Wine).
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(30)
class WinsockExtensionsTest {

    private static final int WAIT_MS = 10_000;
    private static final int SOCKADDR_SLOT = WinConstants.ACCEPTEX_ADDRESS_BYTES;

    private long port;
    private final Memory memory = new Memory(4096);
    private final ByteBuffer view = memory.getByteBuffer(0, 4096).order(ByteOrder.nativeOrder());
    private final long base = Pointer.nativeValue(memory);
    // Regions of `memory`.
    private final long overlapped = base;
    private final long entries = base + 64;
    private final long removed = base + 64 + 4 * OverlappedEntryLayout.SIZE;
    private final long bytes = removed + 8;
    private final long addresses = base + 512;
    private final long scratch = base + 1024;

    @BeforeEach
    void startWinsock() {
        memory.clear();
        assertEquals(0, Winsock.WSAStartup(WinConstants.WINSOCK_VERSION_2_2, scratch));
        assertEquals(0x0202, view.getShort(1024 + WsadataLayout.VERSION_OFFSET), "Winsock 2.2 granted");
        port = Kernel32.CreateIoCompletionPort(WinConstants.INVALID_HANDLE_VALUE, 0L, 0L, 0);
        assertNotEquals(0L, port);
    }

    @AfterEach
    void stopWinsock() {
        Kernel32.CloseHandle(port);
        Winsock.WSACleanup();
    }

    private static long tcpSocket() {
        long s = Winsock.WSASocketW(WinConstants.AF_INET, WinConstants.SOCK_STREAM, WinConstants.IPPROTO_TCP, 0L, 0,
                WinConstants.WSA_FLAG_OVERLAPPED | WinConstants.WSA_FLAG_NO_HANDLE_INHERIT);
        assertNotEquals(WinConstants.INVALID_SOCKET, s, "WSASocketW: " + WinError.name(Native.getLastError()));
        return s;
    }

    /** Dequeues one entry and checks it is our OVERLAPPED with a successful NTSTATUS; returns its byte count. */
    private int dequeueOurs(long key) {
        int ok = Kernel32.GetQueuedCompletionStatusEx(port, entries, 4, removed, WAIT_MS, 0);
        assertEquals(1, ok, "GetQueuedCompletionStatusEx: " + WinError.name(Native.getLastError()));
        assertEquals(1, view.getInt((int) (removed - base)));
        int at = (int) (entries - base);
        assertEquals(key, view.getLong(at + OverlappedEntryLayout.COMPLETION_KEY_OFFSET));
        assertEquals(overlapped, view.getLong(at + OverlappedEntryLayout.OVERLAPPED_OFFSET));
        assertEquals(NtStatus.STATUS_SUCCESS, view.getInt(OverlappedLayout.INTERNAL_OFFSET));
        return view.getInt(at + OverlappedEntryLayout.BYTES_TRANSFERRED_OFFSET);
    }

    @Test
    void acceptExCompletesOnThePortAndGetAcceptExSockaddrsNamesBothEnds() throws Exception {
        long listener = tcpSocket();
        long accepted = tcpSocket();
        try {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            int length = Sockaddrs.write(loopback, view, 1024);
            assertEquals(0, Winsock.bind(listener, scratch, length));
            assertEquals(0, Winsock.listen(listener, 4));
            assertEquals(port, Kernel32.CreateIoCompletionPort(listener, port, 77L, 0));
            view.putInt(1024 + 128, 128);
            assertEquals(0, Winsock.getsockname(listener, scratch, scratch + 128));
            InetSocketAddress bound = Sockaddrs.read(view, 1024);

            WinsockExtensions extensions = WinsockExtensions.load(listener);
            int rc = extensions.acceptEx(listener, accepted, addresses, 0, SOCKADDR_SLOT, SOCKADDR_SLOT, bytes, overlapped);
            if (rc == 0) {
                assertEquals(WinError.ERROR_IO_PENDING, Native.getLastError());
            }
            try (Socket client = new Socket()) {
                client.connect(bound, 5_000);
                assertEquals(0, dequeueOurs(77L), "no data was asked for");

                extensions.getAcceptExSockaddrs(addresses, 0, SOCKADDR_SLOT, SOCKADDR_SLOT,
                        scratch, scratch + 8, scratch + 16, scratch + 24);
                long local = view.getLong(1024);
                long remote = view.getLong(1024 + 16);
                assertTrue(local >= addresses && local < addresses + 2 * SOCKADDR_SLOT, "points into the output buffer");
                assertEquals(bound, Sockaddrs.read(view, (int) (local - base)));
                assertEquals(client.getLocalSocketAddress(), Sockaddrs.read(view, (int) (remote - base)));

                view.putLong(1024, listener);
                assertEquals(0, Winsock.setsockopt(accepted, WinConstants.SOL_SOCKET, WinConstants.SO_UPDATE_ACCEPT_CONTEXT,
                        scratch, 8));
                view.putInt(1024 + 128, 128);
                assertEquals(0, Winsock.getpeername(accepted, scratch, scratch + 128), "peer known after the update");
                assertEquals(client.getLocalSocketAddress(), Sockaddrs.read(view, 1024));
            }
        } finally {
            Winsock.closesocket(accepted);
            Winsock.closesocket(listener);
        }
    }

    @Test
    void connectExCompletesOnThePortAndWsaSendGathersTwoBuffers() throws Exception {
        long socket = tcpSocket();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int length = Sockaddrs.writeWildcard(WinConstants.AF_INET, view, 1024);
            assertEquals(0, Winsock.bind(socket, scratch, length), "ConnectEx needs a bound socket");
            assertEquals(port, Kernel32.CreateIoCompletionPort(socket, port, 5L, 0));
            WinsockExtensions extensions = WinsockExtensions.load(socket);
            length = Sockaddrs.write((InetSocketAddress) server.getLocalSocketAddress(), view, 512);
            int rc = extensions.connectEx(socket, addresses, length, 0L, 0, 0L, overlapped);
            if (rc == 0) {
                assertEquals(WinError.ERROR_IO_PENDING, Native.getLastError());
            }
            dequeueOurs(5L);
            assertEquals(0, Winsock.setsockopt(socket, WinConstants.SOL_SOCKET, WinConstants.SO_UPDATE_CONNECT_CONTEXT, 0L, 0));

            try (Socket peer = server.accept()) {
                // Two WSABUFs at `addresses`, pointing at "ab" and "cde" in the scratch area.
                view.put(2048, (byte) 'a').put(2049, (byte) 'b');
                view.put(3072, (byte) 'c').put(3073, (byte) 'd').put(3074, (byte) 'e');
                int wsabufs = 512;
                view.putInt(wsabufs + WsabufLayout.LEN_OFFSET, 2).putLong(wsabufs + WsabufLayout.BUF_OFFSET, base + 2048);
                view.putInt(wsabufs + WsabufLayout.SIZE + WsabufLayout.LEN_OFFSET, 3)
                        .putLong(wsabufs + WsabufLayout.SIZE + WsabufLayout.BUF_OFFSET, base + 3072);
                for (int i = 0; i < OverlappedLayout.SIZE; i++) {
                    view.put(i, (byte) 0);
                }
                rc = Winsock.WSASend(socket, base + wsabufs, 2, bytes, 0, overlapped, 0L);
                if (rc != 0) {
                    assertEquals(WinError.WSA_IO_PENDING, Native.getLastError());
                }
                assertEquals(5, dequeueOurs(5L), "no skip mode: even an inline success posts its packet");
                assertEquals(5, view.getLong(OverlappedLayout.INTERNAL_HIGH_OFFSET), "InternalHigh holds the byte count");
                assertEquals("abcde", new String(peer.getInputStream().readNBytes(5), java.nio.charset.StandardCharsets.US_ASCII));
            }
        } finally {
            Winsock.closesocket(socket);
        }
    }
}

package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.SocketConstants;
import io.gameport.nativeio.linux.TcpInfoLayout;
import io.gameport.transport.CompletionPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@link IoUringPort#probePeer} against real sockets: what the kernel says of a connection the
 * ring did not report closed (getsockopt TCP_INFO, then SO_ERROR). No receive is armed on the
 * probed sockets, so no completion can take the reset before the probe does.
 */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class IoUringPeerProbeTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void aResetConnectionIsGoneWithItsResetThenAsNotConnectedAnEndedOneIsEndedWhileALiveOneIsThere() throws Exception {
        try (PortFixture f = PortFixture.open();
             Socket live = new Socket();
             Socket resetting = new Socket();
             Socket halfClosed = new Socket();
             Socket halfClosedUnread = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            live.connect(f.port.localAddress(listener), 5000);
            long liveSocket = f.await(1).result();
            resetting.connect(f.port.localAddress(listener), 5000);
            long resetSocket = f.await(1).result();
            halfClosed.connect(f.port.localAddress(listener), 5000);
            long halfClosedSocket = f.await(1).result();
            halfClosedUnread.connect(f.port.localAddress(listener), 5000);
            long unreadSocket = f.await(1).result();

            assertEquals(0, f.port.probePeer(liveSocket), "an established connection is there");
            assertEquals(0, f.port.probePeer(resetSocket), "there until its peer resets");

            resetting.getOutputStream().write(new byte[] {0, 0, 1, 0, 1, 2, 3});
            resetting.setSoLinger(true, 0);
            resetting.close();
            halfClosed.shutdownOutput();
            halfClosedUnread.getOutputStream().write(new byte[] {0, 0, 0, 1, 9});
            halfClosedUnread.shutdownOutput();
            // The loopback reset is normally handled before close() returns; wait for the kernel's
            // state, not for a time (the bound only keeps a broken probe from hanging the build).
            long first = awaitGone(f, resetSocket);
            assertEquals(-Errno.ECONNRESET, first, () -> "the reset is the socket's pending error, was " + Errno.name((int) -first));
            assertEquals(-Errno.ENOTCONN, f.port.probePeer(resetSocket),
                    "SO_ERROR was taken (as a receive would take it): still gone, as not connected");
            assertEquals(0, f.port.probePeer(liveSocket), "the other connection is untouched");
            assertEquals(CompletionPort.PEER_ENDED, awaitAnswer(f, halfClosedSocket),
                    "a peer's end of stream with nothing left unread (CLOSE_WAIT): ended, not gone");
            assertEquals(0, awaitAnswer(f, unreadSocket),
                    "with bytes still unread the end of stream is for a receive to report after them");
            assertEquals(0, f.port.probePeer(liveSocket), "the live connection is untouched");

            f.closeAndAwait(liveSocket, 7);
            f.closeAndAwait(halfClosedSocket, 8);
            f.closeAndAwait(unreadSocket, 10);
            f.port.close(resetSocket, 9);
            assertEquals(0, f.port.probePeer(resetSocket), "a socket whose close is in flight is never asked about");
            f.await(9);
            f.closeListenerAndAwait(listener);
        }
    }

    /**
     * The probe's answer once the kernel has taken the peer's FIN (CLOSE_WAIT; on loopback that is
     * normally before shutdownOutput returns): waits for that state through TCP_INFO's own answer,
     * not for a time, bounded only to keep a broken probe from hanging the build.
     */
    private static long awaitAnswer(PortFixture f, long socket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tcpState(socket) != TcpInfoLayout.TCP_CLOSE_WAIT && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        return f.port.probePeer(socket);
    }

    /** The kernel's TCP state of an io_uring socket handle (its file descriptor), read here, not through the port. */
    private static int tcpState(long socket) {
        Memory info = new Memory(16);
        info.setInt(8, TcpInfoLayout.HEAD_LENGTH);
        long address = Pointer.nativeValue(info);
        assertEquals(0, LibC.getsockopt((int) socket, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_INFO, address, address + 8));
        return info.getByte(TcpInfoLayout.STATE_OFFSET) & 0xFF;
    }

    private static long awaitGone(PortFixture f, long socket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long result = f.port.probePeer(socket);
        while (result == 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
            result = f.port.probePeer(socket);
        }
        return result;
    }
}

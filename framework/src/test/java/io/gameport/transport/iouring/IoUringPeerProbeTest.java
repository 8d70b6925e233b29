package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.nativeio.linux.Errno;
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
    void aResetConnectionIsGoneWithItsResetThenAsNotConnectedWhileALiveOneAndAHalfClosedOneAreThere() throws Exception {
        try (PortFixture f = PortFixture.open();
             Socket live = new Socket();
             Socket resetting = new Socket();
             Socket halfClosed = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            live.connect(f.port.localAddress(listener), 5000);
            long liveSocket = f.await(1).result();
            resetting.connect(f.port.localAddress(listener), 5000);
            long resetSocket = f.await(1).result();
            halfClosed.connect(f.port.localAddress(listener), 5000);
            long halfClosedSocket = f.await(1).result();

            assertEquals(0, f.port.probePeer(liveSocket), "an established connection is there");
            assertEquals(0, f.port.probePeer(resetSocket), "there until its peer resets");

            resetting.getOutputStream().write(new byte[] {0, 0, 1, 0, 1, 2, 3});
            resetting.setSoLinger(true, 0);
            resetting.close();
            halfClosed.shutdownOutput();
            // The loopback reset is normally handled before close() returns; wait for the kernel's
            // state, not for a time (the bound only keeps a broken probe from hanging the build).
            long first = awaitGone(f, resetSocket);
            assertEquals(-Errno.ECONNRESET, first, () -> "the reset is the socket's pending error, was " + Errno.name((int) -first));
            assertEquals(-Errno.ENOTCONN, f.port.probePeer(resetSocket),
                    "SO_ERROR was taken (as a receive would take it): still gone, as not connected");
            assertEquals(0, f.port.probePeer(liveSocket), "the other connection is untouched");
            assertEquals(0, f.port.probePeer(halfClosedSocket),
                    "a peer's end of stream is its receive's to report (CLOSE_WAIT): not probed as gone");

            f.closeAndAwait(liveSocket, 7);
            f.closeAndAwait(halfClosedSocket, 8);
            f.port.close(resetSocket, 9);
            assertEquals(0, f.port.probePeer(resetSocket), "a socket whose close is in flight is never asked about");
            f.await(9);
            f.closeListenerAndAwait(listener);
        }
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

package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.SocketConstants;
import io.gameport.transport.PortRecorder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * What only io_uring's port does, with plain java.net sockets as peers on 127.0.0.1: the socket
 * options it sets and its limit of buffers per send. The contract every port keeps is
 * {@link IoUringPortContractTest}. Every test creates its port inside the test method: the port
 * belongs to the thread that polls it.
 */
@Timeout(value = 20, threadMode = ThreadMode.SEPARATE_THREAD)
class IoUringPortTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** Connects {@code client} to {@code listener} (accept armed with token 1) and returns the accepted handle. */
    private static long acceptOne(PortFixture f, long listener, Socket client) throws IOException {
        client.connect(f.port.localAddress(listener), 5000);
        PortRecorder.Done accepted = f.await(1);
        assertTrue(accepted.result() >= 0, () -> "accept failed: " + accepted.result());
        return accepted.result();
    }

    @Test
    void acceptedSocketsGetTheConfiguredOptions() throws Exception {
        try (PortFixture f = PortFixture.open(); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            Memory value = new Memory(8);
            value.setInt(0, 0);
            value.setInt(4, 4);
            int r = LibC.getsockopt((int) socket, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY,
                    Pointer.nativeValue(value), Pointer.nativeValue(value) + 4);
            assertEquals(0, r);
            assertEquals(1, value.getInt(0), "TCP_NODELAY from SocketSettings.defaults()");
            f.closeAndAwait(socket, 9);
            f.closeListenerAndAwait(listener);
        }
    }

    @Test
    void sendOfMoreBuffersThanTheLimitCompletesAsAPartialSend() throws Exception {
        IoUringSettings two = new IoUringSettings(64, 256, 16, 4096, 2, 100, IoUringSettings.TaskRunMode.DEFER_TASKRUN);
        try (PortFixture f = PortFixture.open(two); Socket client = new Socket()) {
            long listener = f.port.listen(LOOPBACK_ANY_PORT, 16);
            f.port.accept(listener, 1);
            long socket = acceptOne(f, listener, client);
            ByteBuffer[] three = {PortFixture.direct("one-"), PortFixture.direct("two-"), PortFixture.direct("three")};
            f.port.send(socket, three, 0, 3, 7);
            assertEquals(8, f.await(7).result(), "only maxSendBuffers buffers go to the kernel");
            byte[] sent = client.getInputStream().readNBytes(8);
            assertEquals("one-two-", new String(sent, StandardCharsets.US_ASCII));
            f.closeAndAwait(socket, 9);
            f.closeListenerAndAwait(listener);
        }
    }
}

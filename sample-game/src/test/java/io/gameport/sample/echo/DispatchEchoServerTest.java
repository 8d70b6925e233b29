package io.gameport.sample.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.dispatch.WaitStrategyKind;
import io.gameport.net.CloseReason;
import io.gameport.net.SendQuotaConfig;
import io.gameport.net.SendQuotaPolicy;
import io.gameport.net.TransportConfig;
import io.gameport.server.GameServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DispatchEchoServerTest {

    private static final long PER_CONNECTION_BYTES = 256 * 1024;
    private static final long GLOBAL_BYTES = 1024 * 1024;

    private static GameServer start(SendQuotaPolicy policy) throws IOException {
        TransportConfig config = TransportConfig.defaults().withWorkers(1)
                .withSendQuota(new SendQuotaConfig(100_000, PER_CONNECTION_BYTES, GLOBAL_BYTES, policy));
        return DispatchEchoServer.create(new InetSocketAddress("127.0.0.1", 0), config, 2, WaitStrategyKind.PARKING).start();
    }

    @Test
    void echoesEveryFrameInOrderThroughThePipeline() throws Exception {
        GameServer server = start(SendQuotaPolicy.DISCONNECT);
        try (Socket socket = connect(server.port())) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            for (int i = 0; i < 2000; i++) {
                byte[] payload = ("frame " + i).getBytes();
                out.writeInt(payload.length);
                out.write(payload);
            }
            out.writeInt(0);
            out.flush();
            for (int i = 0; i < 2000; i++) {
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                assertArrayEquals(("frame " + i).getBytes(), payload);
            }
            assertEquals(0, in.readInt(), "an empty frame is echoed too");
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }

    /**
     * A client that floods without reading: the server's pending bytes stay under the caps
     * (sampled throughout), the policy disconnects it, and another client is echoed meanwhile.
     */
    @Test
    void clientThatSendsWithoutReadingStaysWithinTheQuotaAndIsDisconnectedWhileOthersAreServed() throws Exception {
        GameServer server = start(SendQuotaPolicy.DISCONNECT);
        AtomicLong maxGlobalPending = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxGlobalPending.accumulateAndGet(server.sendQuota().globalPendingBytes(), Math::max);
                Thread.yield();
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        try (Socket flooder = connect(server.port(), 4096); Socket polite = connect(server.port())) {
            Thread flood = new Thread(() -> {
                byte[] frame = new byte[4 + 1024];
                frame[2] = 4; // length 1024, big-endian
                try {
                    OutputStream out = flooder.getOutputStream();
                    // 200 MB: far more than socket buffers and quota together; ends when the server disconnects.
                    for (int i = 0; i < 200_000; i++) {
                        out.write(frame);
                    }
                } catch (IOException expected) {
                    // the server closed the connection: what the policy says
                }
            });
            flood.start();
            DataOutputStream out = new DataOutputStream(polite.getOutputStream());
            DataInputStream in = new DataInputStream(polite.getInputStream());
            for (int i = 0; i < 200; i++) {
                out.writeInt(4);
                out.writeInt(i);
                out.flush();
                assertEquals(4, in.readInt());
                assertEquals(i, in.readInt());
            }
            flood.join(TimeUnit.SECONDS.toMillis(60));
            awaitClosedByServer(flooder);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.sessions().closedCount(CloseReason.SEND_QUOTA_EXCEEDED) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, server.sessions().closedCount(CloseReason.SEND_QUOTA_EXCEEDED));
            assertTrue(maxGlobalPending.get() <= GLOBAL_BYTES, "global pending " + maxGlobalPending.get());
            assertTrue(maxGlobalPending.get() > 0, "the sampler saw the flood queue up");
            // The polite client is still served after the flooder is gone.
            out.writeInt(4);
            out.writeInt(4242);
            out.flush();
            assertEquals(4, in.readInt());
            assertEquals(4242, in.readInt());
        } finally {
            sampler.interrupt();
            server.stop(Duration.ofSeconds(5));
        }
    }

    private static void awaitClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        try {
            while (socket.getInputStream().read(new byte[65536]) != -1) {
                // drain what the server had sent before it closed
            }
        } catch (SocketException reset) {
            // a reset also means closed
        }
    }

    private static Socket connect(int port) throws IOException {
        return connect(port, 0);
    }

    private static Socket connect(int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        return socket;
    }
}

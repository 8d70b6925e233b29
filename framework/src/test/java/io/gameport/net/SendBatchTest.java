package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.testing.FrameClient;
import io.gameport.log.PeerLogs;
import io.gameport.transport.Backend;
import io.gameport.transport.ErrorMetrics;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Batched sends from a non-I/O thread: copied at once, delivered in order per connection, quota returned once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendBatchTest {

    private static TransportServer server(List<Connection> opened) throws Exception {
        return TransportServer.start(TransportSettings.defaults().withBackend(Backend.NIO2).withWorkers(2), 1 << 20,
                new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
                    @Override
                    public void onOpen(Connection connection) {
                        opened.add(connection);
                    }

                    @Override
                    public void onFrame(Connection connection, ByteBuffer payload) {
                    }
                }, new ErrorMetrics(), PeerLogs.defaults(), null);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            Thread.sleep(2);
        }
    }

    @Test
    void framesFromOneBatchReachEachConnectionInOrderAndTheCallerMayReuseItsBuffer() throws Exception {
        List<Connection> opened = new CopyOnWriteArrayList<>();
        try (TransportServer server = server(opened);
             FrameClient first = new FrameClient(server.port());
             FrameClient second = new FrameClient(server.port())) {
            awaitTrue(() -> opened.size() == 2);
            SendBatch batch = new SendBatch();
            ByteBuffer reused = ByteBuffer.allocate(8);
            Random random = new Random(42);
            int frames = 5000;
            int[] sent = new int[2];
            while (sent[0] < frames || sent[1] < frames) {
                int target = sent[0] == frames ? 1 : sent[1] == frames ? 0 : random.nextInt(2);
                reused.clear().putInt(target).putInt(sent[target]++).flip();
                assertEquals(SendResult.QUEUED, opened.get(target).send(reused, batch));
                // Overwriting at once proves the batch copied the bytes during send.
                reused.clear().putLong(-1L);
                if (random.nextInt(50) == 0) {
                    batch.flush();
                }
            }
            batch.flush();
            for (int c = 0; c < 2; c++) {
                Connection connection = opened.get(c);
                // The server-side connection's peer port is the client's local port.
                FrameClient client = connection.remoteAddress().getPort() == first.socket.getLocalPort() ? first : second;
                for (int i = 0; i < frames; i++) {
                    ByteBuffer frame = ByteBuffer.wrap(client.readFrame());
                    assertEquals(c, frame.getInt());
                    assertEquals(i, frame.getInt());
                }
            }
            awaitTrue(() -> server.workers().sendQuota().globalPendingBytes() == 0);
            assertEquals(0, server.workers().sendQuota().globalPendingBytes());
        }
    }

    @Test
    void quotaOfFramesBatchedForAConnectionThatClosedBeforeTheFlushIsReturned() throws Exception {
        List<Connection> opened = new CopyOnWriteArrayList<>();
        try (TransportServer server = server(opened); FrameClient client = new FrameClient(server.port())) {
            awaitTrue(() -> opened.size() == 1);
            Connection connection = opened.get(0);
            SendBatch batch = new SendBatch();
            for (int i = 0; i < 10; i++) {
                assertEquals(SendResult.QUEUED, connection.send(ByteBuffer.allocate(100), batch));
            }
            assertEquals(10, connection.pendingFrames());
            assertEquals(10 * 104, server.workers().sendQuota().globalPendingBytes());
            connection.close();
            awaitTrue(() -> !connection.isOpen());
            batch.flush();
            awaitTrue(() -> server.workers().sendQuota().globalPendingBytes() == 0);
            assertEquals(0, server.workers().sendQuota().globalPendingBytes());
            assertEquals(0, connection.pendingFrames());
            assertTrue(client.closedByServer());
        }
    }
}

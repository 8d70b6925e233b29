package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.transport.Backend;
import io.gameport.log.PeerLogs;
import io.gameport.transport.ErrorMetrics;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker holds at most {@link Acceptor#MAX_LISTENERS} listeners; one more is refused without a socket left behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerSlotsTest {

    private static int openDescriptors() {
        return Objects.requireNonNull(new File("/proc/self/fd").list()).length;
    }

    @Test
    void aListenBeyondTheWorkersSlotsFailsAndLeavesNoSocketOpen() throws Exception {
        try (WorkerGroup group = new WorkerGroup("slots", TransportSettings.defaults().withBackend(Backend.IO_URING).withWorkers(1), 1 << 20,
                (connection, payload) -> connection.send(ByteBuffer.allocate(0)), new ErrorMetrics(), PeerLogs.defaults())) {
            IoWorker worker = group.worker(0);
            for (int i = 0; i < Acceptor.MAX_LISTENERS; i++) {
                worker.listen(new InetSocketAddress("127.0.0.1", 0)).get(10, TimeUnit.SECONDS);
            }
            int before = openDescriptors();
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> worker.listen(new InetSocketAddress("127.0.0.1", 0)).get(10, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof IOException && refused.getCause().getMessage().contains("too many listeners"),
                    () -> "refused for its reason: " + refused.getCause());
            assertEquals(before, openDescriptors(), "the refused listen left no socket open");
        }
    }
}

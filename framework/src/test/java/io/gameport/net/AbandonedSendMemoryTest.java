package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.transport.Backend;
import io.gameport.log.PeerLogs;
import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.scripted.OpKind;
import io.gameport.transport.scripted.ScriptedBackend;
import io.gameport.transport.scripted.ScriptedOp;
import io.gameport.transport.scripted.ScriptedPort;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker whose port dies abandons its connections at once, but the kernel may still read the
 * memory of a send it had until the port is closed and has reaped it. The scripted port holds
 * send buffers only weakly (as a kernel holds addresses) and, when closed, forces a full
 * collection and checks that every send it still had reads live, unchanged memory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbandonedSendMemoryTest {

    @Test
    void sendPendingWhenItsPortDiesKeepsItsBufferUntilThePortReapedItThenReleasesItOnce() throws Exception {
        ErrorMetrics errors = new ErrorMetrics();
        ScriptedBackend backend = new ScriptedBackend(errors);
        AtomicInteger closes = new AtomicInteger();
        // Echoes and keeps no reference to any connection: only the framework holds them.
        ConnectionHandler echo = new ConnectionHandler() {
            @Override
            public void onFrame(Connection connection, ByteBuffer payload) {
                connection.send(payload);
            }

            @Override
            public void onClose(Connection connection, CloseReason reason) {
                closes.incrementAndGet();
            }
        };
        TransportSettings config = TransportSettings.defaults().withBackend(Backend.NIO2).withWorkers(1);
        TransportServer server = TransportServer.start(new WorkerGroup("gameport", config, 64 * 1024, echo, errors, PeerLogs.defaults(),
                backend), new InetSocketAddress("127.0.0.1", 0), null);
        try {
            long socket = backend.newSocket();
            backend.accept(socket);
            byte[] payload = "in flight when the port dies".getBytes(StandardCharsets.US_ASCII);
            backend.awaitOp(OpKind.RECEIVE, socket).receive(ScriptedServer.frame(payload));
            ScriptedOp send = backend.awaitOp(OpKind.SEND, socket);
            ScriptedPort port = send.port();
            ChunkPool pool = server.workers().worker(0).chunkPool();
            backend.awaitQuiescent();
            int retainedBefore = pool.retainedCount();

            port.closeUnderWorker(WinError.ERROR_ABANDONED_WAIT_0);
            assertTrue(ScriptedBackend.awaitThreadEnd(port.owner()), "the worker ended");
            assertTrue(port.isClosed(), "and closed its port, reaping the send");
            assertTrue(backend.violations().isEmpty(), () -> "port contract broken: " + backend.violations());
            assertEquals(1, closes.get(), "the session closed once");
            assertEquals(0, server.workers().sendQuota().globalPendingBytes(), "its quota returned");
            assertEquals(retainedBefore + 1, pool.retainedCount(), "the send's chunk released once, after the port closed");
        } finally {
            server.close();
        }
    }
}

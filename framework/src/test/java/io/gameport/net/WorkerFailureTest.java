package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.testing.FrameClient;
import io.gameport.testing.RecordingExit;
import io.gameport.transport.scripted.OpKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an I/O worker does when something other than a handler fails on it: a RuntimeException
 * (a framework or port bug) closes only the connection it concerned and the worker goes on; an
 * Error is fatal for the process.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerFailureTest {

    @Test
    void runtimeExceptionHandlingOneCompletionClosesOnlyThatConnectionAndTheWorkerGoesOn() throws Exception {
        ScriptedServer server = new ScriptedServer(1);
        long broken = server.accept();
        long other = server.accept();
        // A port bug: a receive that reports five bytes and hands over no buffer.
        server.backend.awaitOp(OpKind.RECEIVE, broken).succeed(5);
        server.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.INTERNAL_ERROR), server.closes(broken));
        assertEquals(1, server.group.internalErrors());
        assertEquals(1, server.group.closeCount(CloseReason.INTERNAL_ERROR));

        server.peerSends(other, new byte[] {9});
        assertArrayEquals(ScriptedServer.frame(new byte[] {9}), server.completeSend(other), "the worker still serves its other connection");
        assertTrue(server.connection(other).isOpen());
        server.stop();
    }

    @Test
    void errorOnAnIoWorkerStopsTheProcessWithTheFatalStatus() throws Exception {
        try (RecordingExit exit = new RecordingExit();
             TransportServer server = TransportServer.start(TransportSettings.defaults().withWorkers(1), 1 << 20,
                     new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
                         @Override
                         public void onFrame(Connection connection, ByteBuffer payload) {
                             throw new StackOverflowError("a handler recursing without end");
                         }
                     });
             FrameClient client = new FrameClient(server.port())) {
            assertFalse(exit.exited());
            client.writeFrame(new byte[] {1});
            client.flush();
            assertEquals(FatalErrors.EXIT_STATUS, exit.awaitStatus());
            assertTrue(exit.thread().contains("-io-0"), exit.thread());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package io.gameport.transport.scripted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scripted port's own checks can fail: each breach of the {@link CompletionPort} contract a
 * framework could commit is flagged, so a clean run of the framework tests means something.
 * The test thread plays the worker (it opens the port, so it owns it).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptedPortViolationsTest {

    private final ScriptedBackend backend = new ScriptedBackend(new ErrorMetrics());
    private final CompletionPort port = backend.openPort();
    private final List<Long> results = new ArrayList<>();

    private long adopted() throws Exception {
        long socket = backend.newSocket();
        port.adopt(socket);
        return socket;
    }

    private static ByteBuffer[] direct(String text) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(text.length());
        buffer.put(text.getBytes()).flip();
        return new ByteBuffer[] {buffer};
    }

    private void pollNow() throws Exception {
        port.poll((token, result, flags, data) -> results.add(result), false);
    }

    @Test
    void flagsASecondSendWhileOneIsInFlight() throws Exception {
        long socket = adopted();
        port.send(socket, direct("a"), 0, 1, 1);
        port.send(socket, direct("b"), 0, 1, 2);
        assertEquals(1, backend.violations().size(), backend.violations()::toString);
    }

    @Test
    void flagsAReceiveArmedTwiceButNotAfterItsCompletionWasDelivered() throws Exception {
        long socket = adopted();
        port.receive(socket, 1);
        backend.awaitOp(OpKind.RECEIVE, socket).receiveMore(new byte[] {1});
        pollNow();
        port.receive(socket, 1);
        assertEquals(1, backend.violations().size(), "still armed after FLAG_MORE");
        backend.pendingOp(OpKind.RECEIVE, socket).endOfStream();
        pollNow();
        assertEquals(List.of(1L, 0L), results.subList(0, 2));
    }

    @Test
    void flagsAnyOperationAfterCloseStarted() throws Exception {
        long socket = adopted();
        port.close(socket, 9);
        port.receive(socket, 1);
        port.send(socket, direct("x"), 0, 1, 2);
        port.close(socket, 9);
        assertEquals(3, backend.violations().size(), backend.violations()::toString);
    }

    @Test
    void flagsASendBufferWrittenBeforeItsCompletion() throws Exception {
        long socket = adopted();
        ByteBuffer[] buffers = direct("abc");
        port.send(socket, buffers, 0, 1, 1);
        buffers[0].put(0, (byte) 'z');
        backend.awaitOp(OpKind.SEND, socket).completeSend();
        assertTrue(backend.violations().get(0).contains("written before its completion"), backend.violations()::toString);
    }

    @Test
    void flagsCallsFromAThreadOtherThanTheOwner() throws Exception {
        long socket = adopted();
        Thread other = new Thread(() -> port.receive(socket, 1));
        other.start();
        other.join();
        assertTrue(backend.violations().get(0).contains("from " + other.getName()), backend.violations()::toString);
    }

    @Test
    void flagsAPortClosedWithOperationsPendingAndABackendClosedBeforeItsPorts() throws Exception {
        long socket = adopted();
        port.receive(socket, 1);
        backend.close();
        port.close();
        assertEquals(2, backend.violations().size(), backend.violations()::toString);
    }

    @Test
    void automaticCloseAbortsPendingOperationsThenCompletesTheClose() throws Exception {
        long socket = adopted();
        port.receive(socket, 1);
        port.send(socket, direct("x"), 0, 1, 2);
        port.close(socket, 3);
        pollNow();
        long aborted = Completions.failure(WinError.ERROR_OPERATION_ABORTED);
        assertEquals(List.of(aborted, aborted, 0L), results);
        assertTrue(backend.isReleased(socket));
        port.close();
        backend.close();
        assertTrue(backend.violations().isEmpty(), backend.violations()::toString);
    }

    @Test
    void pollThrowsOncePortIsClosedUnderIt() {
        backend.port(0).closeUnderWorker(WinError.ERROR_ABANDONED_WAIT_0);
        ScriptedPortClosedException e = assertThrows(ScriptedPortClosedException.class,
                () -> port.poll((token, result, flags, data) -> { }, true));
        assertEquals(WinError.ERROR_ABANDONED_WAIT_0, e.code());
    }
}

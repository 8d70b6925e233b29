package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.scripted.ScriptedPort;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker's peer probe ({@link PeerProbe}) on a scripted port whose {@code probePeer} says
 * what the test declares: the kernel dropped a socket and no completion said so (io_uring's
 * multishot receive missing a reset). Sweeps are run by hand on the worker's thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerProbeTest {

    /** An hour: the group's own timer never sweeps during a test that sweeps by hand. */
    private static final long BY_HAND = 3_600_000;

    /** Runs one peer-probe sweep on the worker's own thread and waits for it. */
    private static void sweep(IoWorker worker) throws Exception {
        ScriptedServer.onWorkerThread(worker, worker::probePeers);
    }

    @Test
    void aSilentConnectionTheKernelDroppedIsClosedAsResetAndReleasedOnceWhileABusyOneIsNotAsked() throws Exception {
        ScriptedServer server = new ScriptedServer(1, c -> c.withPeerProbePeriodMs(BY_HAND));
        IoWorker worker = server.group.worker(0);
        ScriptedPort port = server.backend.port(0);
        long silent = server.accept();
        long busy = server.accept();
        long alive = server.accept();
        port.peerGone(silent, WinError.WSAECONNRESET);
        sweep(worker);
        assertEquals(List.of(), port.probed(), "a connection new since the last sweep is first asked about at the next");
        port.peerGone(busy, WinError.WSAECONNRESET);
        server.peerSends(busy, new byte[] {1});
        assertArrayEquals(ScriptedServer.frame(new byte[] {1}), server.completeSend(busy));

        sweep(worker);

        assertEquals(List.of(CloseReason.PEER_RESET), server.closes(silent));
        assertEquals(List.of(silent, alive), port.probed(), "only the connections silent since the last sweep are asked");
        assertTrue(server.connection(busy).isOpen(), "a connection that received since the last sweep is not asked");
        assertTrue(server.connection(alive).isOpen(), "a connection the kernel still has stays open");
        assertEquals(1, server.errors.count("WSAECONNRESET"), "the probe's answer is recorded under its name");

        // Silent since that sweep, the busy one is asked now; the closing one never again.
        sweep(worker);
        assertEquals(List.of(CloseReason.PEER_RESET), server.closes(busy));
        assertEquals(List.of(silent, alive, busy, alive), port.probed());
        assertEquals(2, server.group.closeCount(CloseReason.PEER_RESET));
        assertEquals(2, server.group.peerProbeCloses());
        assertEquals(2, server.errors.count("WSAECONNRESET"));
        // Each closes through the normal close: its armed receive cancelled, released exactly once.
        server.stop();
        assertEquals(List.of(CloseReason.PEER_RESET), server.closes(silent));
        assertEquals(List.of(CloseReason.SERVER_STOPPING), server.closes(alive));
    }

    @Test
    void aShortageAnsweredByTheProbeIsRecordedAndLeavesTheConnectionOpen() throws Exception {
        ScriptedServer server = new ScriptedServer(1, c -> c.withPeerProbePeriodMs(BY_HAND));
        ScriptedPort port = server.backend.port(0);
        long socket = server.accept();
        port.peerGone(socket, WinError.WSAENOBUFS);
        sweep(server.group.worker(0));
        sweep(server.group.worker(0));
        assertTrue(server.connection(socket).isOpen(), "out of resources says nothing about the peer");
        assertEquals(1, server.errors.count("WSAENOBUFS"), "recorded, not swallowed");
        assertEquals(0, server.group.peerProbeCloses());
        server.stop();
    }

    @Test
    void aDrainingConnectionFoundGoneKeepsItsClosesPurpose() throws Exception {
        ScriptedServer server = new ScriptedServer(1, c -> c.withPeerProbePeriodMs(BY_HAND));
        ScriptedPort port = server.backend.port(0);
        long socket = server.accept();
        // Nothing queued: the purposeful close half-closes at once and drains the peer's side.
        server.connection(socket).closeAfterSending(CloseReason.LOCAL_CLOSE, 3_600_000);
        server.backend.awaitQuiescent();
        assertEquals(List.of(socket), port.shutdownOutputs(), "half-closed, draining");
        assertTrue(server.connection(socket).isOpen());
        port.peerGone(socket, WinError.WSAECONNRESET);
        sweep(server.group.worker(0));
        sweep(server.group.worker(0));
        assertEquals(List.of(CloseReason.LOCAL_CLOSE), server.closes(socket), "the reset ends the drain, not the close's purpose");
        assertEquals(1, server.errors.count("WSAECONNRESET"));
        server.stop();
    }

    @Test
    void aSilentConnectionWhosePeersEndNoReceiveReportedClosesAsThePeersCloseOnce() throws Exception {
        ScriptedServer server = new ScriptedServer(1, c -> c.withPeerProbePeriodMs(BY_HAND));
        ScriptedPort port = server.backend.port(0);
        long ended = server.accept();
        long alive = server.accept();
        port.peerEnded(ended);
        sweep(server.group.worker(0));
        assertTrue(server.connection(ended).isOpen(), "a connection new since the last sweep is first asked about at the next");
        sweep(server.group.worker(0));
        assertTrue(server.connection(ended).isOpen(),
                "found once: its last bytes and its end may still be in completions posted after the last reap");
        sweep(server.group.worker(0));
        assertEquals(List.of(CloseReason.PEER_CLOSED), server.closes(ended), "found again: ended as its receive would have ended it");
        assertTrue(server.connection(alive).isOpen());
        assertEquals(1, server.group.peerProbeCloses());
        sweep(server.group.worker(0));
        assertEquals(List.of(ended, alive, ended, alive, alive), port.probed(), "a closing connection is never asked again");
        server.stop();
        assertEquals(List.of(CloseReason.PEER_CLOSED), server.closes(ended), "closed once");
        assertEquals(List.of(CloseReason.SERVER_STOPPING), server.closes(alive));
    }

    @Test
    void aDrainingConnectionWhosePeersEndNoReceiveReportedKeepsItsClosesPurpose() throws Exception {
        ScriptedServer server = new ScriptedServer(1, c -> c.withPeerProbePeriodMs(BY_HAND));
        ScriptedPort port = server.backend.port(0);
        long socket = server.accept();
        server.connection(socket).closeAfterSending(CloseReason.LOCAL_CLOSE, 3_600_000);
        server.backend.awaitQuiescent();
        assertEquals(List.of(socket), port.shutdownOutputs(), "half-closed, draining until the peer ends its side");
        port.peerEnded(socket);
        sweep(server.group.worker(0));
        sweep(server.group.worker(0));
        sweep(server.group.worker(0));
        assertEquals(List.of(CloseReason.LOCAL_CLOSE), server.closes(socket), "the peer's end ends the drain, as its receive would have");
        assertEquals(1, server.group.peerProbeCloses());
        server.stop();
    }

    @Test
    void theGroupsTimerProbesWithoutAnIdleTimeout() throws Exception {
        ScriptedServer server = new ScriptedServer(1, c -> c.withIdleTimeoutMs(0).withPeerProbePeriodMs(TransportSettings.MIN_PEER_PROBE_PERIOD_MS));
        long socket = server.accept();
        server.backend.port(0).peerGone(socket, WinError.WSAECONNRESET);
        // Waits for the event, not for a time: the timer's next sweeps must find it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.closes(socket).isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertEquals(List.of(CloseReason.PEER_RESET), server.closes(socket));
        server.stop();
    }

    @Test
    void theProbeIsOnByDefaultAndValidated() {
        assertEquals(TransportSettings.DEFAULT_PEER_PROBE_PERIOD_MS, TransportSettings.defaults().peerProbePeriodMs());
        assertEquals(0, TransportSettings.defaults().withPeerProbePeriodMs(0).peerProbePeriodMs(), "0 turns it off");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransportSettings.defaults().withPeerProbePeriodMs(TransportSettings.MIN_PEER_PROBE_PERIOD_MS - 1));
        assertTrue(e.getMessage().contains("peerProbePeriodMs"), e.getMessage());
    }
}

package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.scripted.OpKind;
import io.gameport.transport.scripted.ScriptedOp;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of scripted interleavings from one fixed seed: a few connections on two workers, their
 * completions released in random order with random outcomes (data in random chunks, partial
 * sends, resets, dead-socket codes, resource shortages, aborts), closes from the application (on
 * the test thread) and from the peer, frames pushed from the test thread. The driver waits until
 * the workers have acted on each step before choosing the next, so a seed always replays the same
 * interleaving. After each interleaving it checks: every onClose exactly once with the reason the
 * first closing event implies, every connection released exactly once, quota back to zero, no
 * stale completion, the port contract kept, and every connection's outbound bytes exactly the
 * frames it decoded or was given, in order, of which the peer read a prefix (all of it when the
 * connection ended gracefully).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptedInterleavingTest {

    private static final long SEED = 0x5EED_CAFEL;
    private static final int INTERLEAVINGS = 1500;
    private static final int PER_SERVER = 150;
    private static final int CONNECTIONS = 3;
    private static final int STEP_BUDGET = 300;

    private static final int[] RESETS = {WinError.ERROR_NETNAME_DELETED, WinError.ERROR_CONNECTION_ABORTED,
            WinError.WSAECONNABORTED, WinError.WSAECONNRESET, WinError.ERROR_SEM_TIMEOUT};
    private static final int[] DEAD = {WinError.WSAESHUTDOWN, WinError.ERROR_NOACCESS, WinError.ERROR_FILE_NOT_FOUND};
    private static final int[] SHORTAGES = {WinError.WSAENOBUFS, WinError.ERROR_NO_SYSTEM_RESOURCES};

    private final Random random = new Random(SEED);
    private ScriptedServer server;
    private int serverInterleavings;
    private int gracefulChecks;
    private int totalSteps;
    private int retryWaits;

    @Test
    void randomInterleavingsKeepEverySessionAndResourceInvariant() throws Exception {
        for (int i = 0; i < INTERLEAVINGS; i++) {
            boolean lastOnServer = serverInterleavings == PER_SERVER - 1;
            try {
                runInterleaving(i, lastOnServer);
            } catch (AssertionError e) {
                throw new AssertionError("interleaving " + i + " of seed " + SEED + ": " + e.getMessage(), e);
            }
        }
        if (server != null) {
            server.stop();
        }
        // The seed must reach every path it is meant to prove, not just pass.
        // How many ends find no send in flight depends on when the worker thread runs, so the bar is low.
        assertTrue(gracefulChecks > INTERLEAVINGS / 50, "graceful ends checked: " + gracefulChecks);
        assertTrue(retryWaits > 0, "resource shortages retried: " + retryWaits);
        assertTrue(totalSteps > INTERLEAVINGS * 10, "steps: " + totalSteps);
    }

    private void runInterleaving(int index, boolean stopServerWithConnectionsOpen) throws Exception {
        if (server == null) {
            server = new ScriptedServer(2);
            serverInterleavings = 0;
        }
        ScriptedServer s = server;
        s.backend.closeAutomatically(false);
        Map<Long, Peer> peers = new HashMap<>();
        List<Long> sockets = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            long socket = s.accept();
            sockets.add(socket);
            peers.put(socket, new Peer(random));
        }
        int steps = stopServerWithConnectionsOpen ? random.nextInt(20) : STEP_BUDGET;
        for (int step = 0; step < steps && !allReleased(s, sockets); step++) {
            s.backend.awaitQuiescent();
            step(s, sockets, peers);
            totalSteps++;
        }
        s.backend.awaitQuiescent();
        if (stopServerWithConnectionsOpen) {
            for (long socket : sockets) {
                peers.get(socket).closing(CloseReason.SERVER_STOPPING);
            }
            s.stop();
            server = null;
        } else {
            // Out of steps: the application closes what is left and the kernel answers the rest.
            for (long socket : sockets) {
                Peer peer = peers.get(socket);
                if (peer.open()) {
                    s.connection(socket).close();
                    peer.closing(CloseReason.LOCAL_CLOSE);
                }
            }
            s.backend.awaitQuiescent();
            s.backend.closeAutomatically(true);
            s.backend.awaitQuiescent();
        }
        for (long socket : sockets) {
            Peer peer = peers.get(socket);
            assertEquals(List.of(peer.expected), s.closes(socket), "onClose of socket " + socket);
            assertTrue(s.backend.isReleased(socket), "socket " + socket + " closed and every completion delivered");
            assertEquals(0, s.connection(socket).pendingBytes(), "connection quota of socket " + socket);
            byte[] queued = s.queuedBytes(socket);
            assertArrayEquals(peer.expectedQueued.toByteArray(), queued, "frames queued on socket " + socket);
            byte[] read = s.backend.peerReceived(socket);
            assertArrayEquals(Arrays.copyOf(queued, read.length), read, "the peer read a prefix of them, in order");
        }
        if (server != null) {
            assertEquals(0, s.group.sendQuota().globalPendingBytes(), "send quota");
            assertEquals(0, s.group.staleCompletions(), "stale completions");
            assertEquals(s.connections.size(), s.group.releasedConnections(), "connections released once each");
            assertTrue(s.backend.violations().isEmpty(), () -> "port contract: " + s.backend.violations());
            serverInterleavings++;
        }
    }

    private static boolean allReleased(ScriptedServer s, List<Long> sockets) {
        for (long socket : sockets) {
            if (!s.backend.isReleased(socket)) {
                return false;
            }
        }
        return true;
    }

    private void step(ScriptedServer s, List<Long> sockets, Map<Long, Peer> peers) {
        int roll = random.nextInt(100);
        long chosen = sockets.get(random.nextInt(sockets.size()));
        Peer peer = peers.get(chosen);
        if (roll < 4 && peer.open()) {
            s.connection(chosen).close();
            peer.closing(CloseReason.LOCAL_CLOSE);
            return;
        }
        if (roll < 12 && peer.open()) {
            byte[] payload = peer.payload(random);
            assertEquals(SendResult.QUEUED, s.push(chosen, payload));
            peer.expectedQueued.writeBytes(ScriptedServer.frame(payload));
            return;
        }
        List<ScriptedOp> ops = new ArrayList<>();
        for (ScriptedOp op : s.backend.pendingOps()) {
            if (peers.containsKey(op.socket())) {
                ops.add(op);
            }
        }
        if (ops.isEmpty()) {
            return;
        }
        ScriptedOp op = ops.get(random.nextInt(ops.size()));
        Peer owner = peers.get(op.socket());
        switch (op.kind()) {
            case RECEIVE:
                answerReceive(s, op, owner);
                break;
            case SEND:
                answerSend(s, op, owner);
                break;
            case CLOSE:
                if (random.nextInt(10) == 0) {
                    op.fail(WinError.WSAENOTSOCK);
                } else {
                    op.succeed(0);
                }
                break;
            default:
                throw new AssertionError("unexpected operation " + op);
        }
    }

    private void answerReceive(ScriptedServer s, ScriptedOp op, Peer peer) {
        int roll = random.nextInt(100);
        if (!peer.open()) {
            // Whatever the kernel had before our close took effect, or the abort itself.
            if (roll < 40) {
                op.fail(WinError.ERROR_OPERATION_ABORTED);
            } else if (roll < 60) {
                op.fail(WinError.ERROR_NETNAME_DELETED);
            } else if (roll < 80) {
                op.endOfStream();
            } else {
                op.receive(new byte[] {1, 2, 3});
            }
            return;
        }
        if (peer.remaining() > 0 && roll < 80) {
            byte[] chunk = peer.nextChunk(random);
            if (random.nextInt(3) == 0) {
                op.receiveMore(chunk);
            } else {
                op.receive(chunk);
            }
            return;
        }
        if (peer.remaining() == 0 && roll < 70) {
            if (s.backend.pendingOp(OpKind.SEND, op.socket()) == null) {
                // The peer read everything before hanging up: it must have every frame, in order.
                assertArrayEquals(peer.expectedQueued.toByteArray(), s.backend.peerReceived(op.socket()), "graceful end");
                gracefulChecks++;
            }
            op.endOfStream();
            peer.closing(CloseReason.PEER_CLOSED);
            return;
        }
        int kind = random.nextInt(100);
        if (kind < 45) {
            op.fail(pick(RESETS));
            peer.closing(CloseReason.PEER_RESET);
        } else if (kind < 62) {
            op.fail(pick(DEAD));
            peer.closing(CloseReason.IO_ERROR);
        } else if (kind < 74) {
            op.fail(WinError.ERROR_OPERATION_ABORTED);
            peer.closing(CloseReason.LOCAL_CLOSE);
        } else if (kind < 94) {
            op.endOfStream();
            peer.closing(peer.atFrameBoundary() ? CloseReason.PEER_CLOSED : CloseReason.PEER_CLOSED_MID_FRAME);
        } else {
            op.fail(pick(SHORTAGES));
            // Backed off, then re-armed from the group's timer: wait for it so the replay stays exact.
            retryWaits++;
            s.backend.awaitOp(OpKind.RECEIVE, op.socket());
        }
    }

    private void answerSend(ScriptedServer s, ScriptedOp op, Peer peer) {
        int roll = random.nextInt(100);
        if (!peer.open()) {
            if (roll < 40) {
                op.fail(WinError.ERROR_OPERATION_ABORTED);
            } else if (roll < 55) {
                op.fail(WinError.ERROR_NETNAME_DELETED);
            } else if (roll < 80 || op.offeredBytes() < 2) {
                op.completeSend();
            } else {
                op.completeSend(1 + random.nextInt(op.offeredBytes() - 1));
            }
            return;
        }
        if (roll < 60) {
            op.completeSend();
        } else if (roll < 85 && op.offeredBytes() > 1) {
            op.completeSend(1 + random.nextInt(op.offeredBytes() - 1));
        } else if (roll < 87) {
            // Each shortage costs a real back-off (10 ms and up) on the group's timer: keep them few.
            op.fail(pick(SHORTAGES));
            retryWaits++;
            s.backend.awaitOp(OpKind.SEND, op.socket());
        } else if (roll < 96) {
            op.fail(pick(RESETS));
            peer.closing(CloseReason.PEER_RESET);
        } else if (roll < 98) {
            op.fail(pick(DEAD));
            peer.closing(CloseReason.IO_ERROR);
        } else {
            op.fail(WinError.ERROR_OPERATION_ABORTED);
            peer.closing(CloseReason.LOCAL_CLOSE);
        }
    }

    private int pick(int[] codes) {
        return codes[random.nextInt(codes.length)];
    }

    /** What the peer sends, what the server has been given, and why the session must end. */
    private static final class Peer {
        final byte[] stream;
        final List<Integer> frameEnds = new ArrayList<>();
        final ByteArrayOutputStream expectedQueued = new ByteArrayOutputStream();
        int delivered;
        CloseReason expected;

        Peer(Random random) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int frames = 1 + random.nextInt(6);
            for (int f = 0; f < frames; f++) {
                out.writeBytes(ScriptedServer.frame(payload(random)));
                frameEnds.add(out.size());
            }
            stream = out.toByteArray();
        }

        byte[] payload(Random random) {
            byte[] payload = new byte[random.nextInt(40)];
            random.nextBytes(payload);
            return payload;
        }

        boolean open() {
            return expected == null;
        }

        /** The first closing event decides the reason; later ones change nothing. */
        void closing(CloseReason reason) {
            if (expected == null) {
                expected = reason;
            }
        }

        int remaining() {
            return stream.length - delivered;
        }

        boolean atFrameBoundary() {
            return delivered == 0 || frameEnds.contains(delivered);
        }

        /** The next bytes of the stream; every frame it completes is echoed, so it is expected on the wire. */
        byte[] nextChunk(Random random) {
            int n = 1 + random.nextInt(Math.min(remaining(), 48));
            int start = delivered;
            delivered += n;
            int frameStart = 0;
            for (int end : frameEnds) {
                if (end > start && end <= delivered) {
                    expectedQueued.write(stream, frameStart, end - frameStart);
                }
                frameStart = end;
            }
            return Arrays.copyOfRange(stream, start, delivered);
        }
    }
}

package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.Outcome;
import io.gameport.transport.scripted.OpKind;
import io.gameport.transport.scripted.ScriptedBackend;
import io.gameport.transport.scripted.ScriptedOp;
import io.gameport.transport.scripted.ScriptedPort;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per row of DESIGN.md's table of GetQueuedCompletionStatus outcomes (and the other codes
 * the seed met), each reproduced on demand with the scripted completion port, proving what the
 * framework does: the session closes exactly once with the right reason, quota and buffers are
 * returned exactly once, nothing is acted on after release, the worker survives, resource errors
 * back off and recover, a closed port ends its worker cleanly. {@link ScriptedServer#stop()} checks
 * the invariants common to every row at the end of each test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScriptedCompletionMatrixTest {

    private ScriptedServer server;

    private ScriptedServer start(int workers) throws Exception {
        server = new ScriptedServer(workers);
        return server;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- TRUE, n bytes: success, continue ----

    @Test
    void receivedBytesAreDecodedAndEchoedAndTheReceiveIsRearmed() throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        s.peerSends(socket, bytes("hello"));
        assertArrayEquals(ScriptedServer.frame(bytes("hello")), s.completeSend(socket));
        s.backend.awaitOp(OpKind.RECEIVE, socket).receiveMore(ScriptedServer.frame(bytes("more")));
        s.backend.awaitOp(OpKind.RECEIVE, socket).receive(ScriptedServer.frame(bytes("again")));
        s.completeSendsUntilIdle(socket);
        assertArrayEquals(s.queuedBytes(socket), s.backend.peerReceived(socket));
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (String text : new String[] {"hello", "more", "again"}) {
            expected.writeBytes(ScriptedServer.frame(bytes(text)));
        }
        assertArrayEquals(expected.toByteArray(), s.backend.peerReceived(socket), "every frame echoed once, in order");
        s.backend.awaitOp(OpKind.RECEIVE, socket);
        assertTrue(s.connection(socket).isOpen());
        assertEquals(0, s.connection(socket).pendingBytes());
    }

    @Test
    void immediateCompletionsAreDeliveredThroughPollLikeAnyOther() throws Exception {
        ScriptedServer s = start(1);
        long socket = s.backend.newSocket();
        s.backend.answerNext(socket, OpKind.RECEIVE, op -> op.receive(ScriptedServer.frame(bytes("inline"))));
        s.backend.answerNext(socket, OpKind.SEND, ScriptedOp::completeSend);
        s.accept(socket);
        s.backend.awaitQuiescent();
        assertArrayEquals(ScriptedServer.frame(bytes("inline")), s.backend.peerReceived(socket));
        assertEquals(0, s.group.sendQuota().globalPendingBytes());
        assertTrue(s.connection(socket).isOpen());
    }

    // ---- FALSE, NULL, WAIT_TIMEOUT: nothing completed -> wait without a timeout, wake by posting ----

    @Test
    void idleWorkerBlocksInPollUntilAnotherThreadPostsWork() throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        s.backend.awaitQuiescent();
        assertNull(s.backend.pendingOp(OpKind.SEND, socket), "nothing to send while idle");
        // A send from the test thread is a command: it must wake the worker blocked in poll.
        assertEquals(SendResult.QUEUED, s.push(socket, bytes("pushed")));
        assertArrayEquals(ScriptedServer.frame(bytes("pushed")), s.completeSend(socket));
    }

    // ---- TRUE, 0 bytes on a receive: the peer closed gracefully ----

    @Test
    void zeroByteReceiveClosesTheSessionOnceAsPeerClosed() throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        s.backend.awaitOp(OpKind.RECEIVE, socket).endOfStream();
        s.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.PEER_CLOSED), s.closes(socket));
        assertTrue(s.backend.isReleased(socket));
        assertEquals(1, s.group.releasedConnections());
    }

    @Test
    void zeroByteReceiveInsideAFrameClosesAsPeerClosedMidFrame() throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        byte[] frame = ScriptedServer.frame(bytes("cut short"));
        s.backend.awaitOp(OpKind.RECEIVE, socket).receive(Arrays.copyOf(frame, 6));
        s.backend.awaitOp(OpKind.RECEIVE, socket).endOfStream();
        s.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.PEER_CLOSED_MID_FRAME), s.closes(socket));
    }

    // ---- FALSE, set, 64 / 1236 / 10053 / 10054 (and 121): the peer reset -> close the session ----

    @ParameterizedTest(name = "code {0} on a receive")
    @ValueSource(ints = {WinError.ERROR_NETNAME_DELETED, WinError.ERROR_CONNECTION_ABORTED, WinError.WSAECONNABORTED,
            WinError.WSAECONNRESET, WinError.ERROR_SEM_TIMEOUT})
    void peerResetOnAReceiveClosesOnceReleasesQuotaAndTheWorkerKeepsServingOthers(int code) throws Exception {
        ScriptedServer s = start(1);
        s.backend.closeAutomatically(false);
        long victim = s.accept();
        long other = s.accept();
        // Leave an echo in flight so the reset hits a connection holding quota and outbound chunks.
        s.peerSends(victim, bytes("in flight"));
        ScriptedOp send = s.backend.awaitOp(OpKind.SEND, victim);
        assertTrue(s.group.sendQuota().globalPendingBytes() > 0);

        s.backend.awaitOp(OpKind.RECEIVE, victim).fail(code);
        ScriptedOp close = s.backend.awaitOp(OpKind.CLOSE, victim);
        s.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.PEER_RESET), s.closes(victim));
        assertFalse(s.backend.isReleased(victim), "the send is still in the kernel's hands");
        assertTrue(s.group.sendQuota().globalPendingBytes() > 0, "quota stays taken while the kernel may read the bytes");

        // The close aborts the send: the late 995 and then the close come back; only then is it released.
        send.fail(WinError.ERROR_OPERATION_ABORTED);
        close.succeed(0);
        s.backend.awaitQuiescent();
        assertEquals(1, s.group.releasedConnections());
        assertEquals(0, s.group.sendQuota().globalPendingBytes());
        assertEquals(0, s.connection(victim).pendingBytes());
        assertEquals(1, s.errors.count(Outcome.PEER_RESET), "the reset counted under its name");
        assertEquals(1, s.errors.count(Outcome.ABORTED_BY_US));

        s.backend.closeAutomatically(true);
        s.peerSends(other, bytes("still served"));
        assertArrayEquals(ScriptedServer.frame(bytes("still served")), s.completeSend(other));
        assertEquals(List.of(CloseReason.PEER_RESET), s.closes(victim), "closed exactly once");
    }

    @ParameterizedTest(name = "code {0} on a send")
    @ValueSource(ints = {WinError.ERROR_NETNAME_DELETED, WinError.ERROR_CONNECTION_ABORTED, WinError.WSAECONNABORTED,
            WinError.WSAECONNRESET})
    void peerResetOnASendClosesOnceAndAbortsTheArmedReceive(int code) throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        s.peerSends(socket, bytes("echo me"));
        s.backend.awaitOp(OpKind.SEND, socket).fail(code);
        s.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.PEER_RESET), s.closes(socket));
        assertTrue(s.backend.isReleased(socket), "receive aborted, close completed, nothing left");
        assertEquals(0, s.group.sendQuota().globalPendingBytes());
    }

    @Test
    void resetsOnTheReceiveAndTheSendTogetherCloseTheSessionOnce() throws Exception {
        ScriptedServer s = start(1);
        s.backend.closeAutomatically(false);
        long socket = s.accept();
        s.peerSends(socket, bytes("x"));
        ScriptedOp send = s.backend.awaitOp(OpKind.SEND, socket);
        ScriptedOp receive = s.backend.awaitOp(OpKind.RECEIVE, socket);
        s.backend.atomically(() -> {
            receive.fail(WinError.WSAECONNRESET);
            send.fail(WinError.WSAECONNRESET);
        });
        s.backend.awaitOp(OpKind.CLOSE, socket).succeed(0);
        s.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.PEER_RESET), s.closes(socket));
        assertTrue(s.backend.isReleased(socket));
    }

    // ---- FALSE, set, 995: we closed the socket -> finish quietly, release after the last one ----

    @Test
    void abortedCompletionsAfterOurCloseAreQuietAndReleaseWaitsForTheLastOne() throws Exception {
        ScriptedServer s = start(1);
        s.backend.closeAutomatically(false);
        long socket = s.accept();
        s.peerSends(socket, bytes("pending echo"));
        ScriptedOp send = s.backend.awaitOp(OpKind.SEND, socket);
        ScriptedOp receive = s.backend.awaitOp(OpKind.RECEIVE, socket);

        s.connection(socket).close();
        ScriptedOp close = s.backend.awaitOp(OpKind.CLOSE, socket);
        // The close's own completion may come first (io_uring can order it so): nothing is released yet.
        close.succeed(0);
        s.backend.awaitQuiescent();
        assertEquals(0, s.group.releasedConnections(), "two operations are still the kernel's");
        receive.fail(WinError.ERROR_OPERATION_ABORTED);
        s.backend.awaitQuiescent();
        assertEquals(0, s.group.releasedConnections(), "the send is still the kernel's");
        send.fail(WinError.ERROR_OPERATION_ABORTED);
        s.backend.awaitQuiescent();

        assertEquals(1, s.group.releasedConnections());
        assertEquals(List.of(CloseReason.LOCAL_CLOSE), s.closes(socket));
        assertEquals(2, s.errors.count("ERROR_OPERATION_ABORTED"), "each abort named and counted");
        assertEquals(0, s.errors.count(Outcome.PEER_RESET));
        assertEquals(0, s.group.sendQuota().globalPendingBytes());
    }

    @Test
    void abortedReceiveWhileOpenClosesTheSessionOnce() throws Exception {
        // Windows aborts the I/O of a thread that exits: a 995 nobody asked for still ends the session cleanly.
        ScriptedServer s = start(1);
        long socket = s.accept();
        s.backend.awaitOp(OpKind.RECEIVE, socket).fail(WinError.ERROR_OPERATION_ABORTED);
        s.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.LOCAL_CLOSE), s.closes(socket));
        assertTrue(s.backend.isReleased(socket));
    }

    @Test
    void netnameDeletedDuringOurOwnCloseIsNotAPeerReset() throws Exception {
        ScriptedServer s = start(1);
        s.backend.closeAutomatically(false);
        long socket = s.accept();
        s.peerSends(socket, bytes("bye"));
        ScriptedOp send = s.backend.awaitOp(OpKind.SEND, socket);
        ScriptedOp receive = s.backend.awaitOp(OpKind.RECEIVE, socket);
        s.connection(socket).close();
        ScriptedOp close = s.backend.awaitOp(OpKind.CLOSE, socket);
        // closesocket with I/O pending: IOCP often reports 64 instead of 995.
        receive.fail(WinError.ERROR_NETNAME_DELETED);
        send.fail(WinError.ERROR_NETNAME_DELETED);
        close.succeed(0);
        s.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.LOCAL_CLOSE), s.closes(socket), "our close, not the peer's reset");
        assertEquals(1, s.group.releasedConnections());
        assertEquals(2, s.errors.count("ERROR_NETNAME_DELETED"), "still named and counted");
    }

    // ---- FALSE, set, 1450 / 10055: out of kernel resources -> back off and retry; not a crash ----

    @ParameterizedTest(name = "code {0} on a receive")
    @ValueSource(ints = {WinError.ERROR_NO_SYSTEM_RESOURCES, WinError.WSAENOBUFS})
    void outOfResourcesOnAReceiveBacksOffRearmsAndTheConnectionRecovers(int code) throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        ScriptedOp first = s.backend.awaitOp(OpKind.RECEIVE, socket);
        first.fail(code);
        // The retry comes from the group's timer after the back-off: a new receive on the same socket.
        ScriptedOp retried = s.backend.awaitOp(OpKind.RECEIVE, socket);
        assertTrue(retried != first);
        retried.fail(code);
        s.backend.awaitOp(OpKind.RECEIVE, socket).receive(ScriptedServer.frame(bytes("recovered")));
        assertArrayEquals(ScriptedServer.frame(bytes("recovered")), s.completeSend(socket));
        assertTrue(s.connection(socket).isOpen());
        assertTrue(s.closes(socket).isEmpty(), "a resource shortage is not a reason to close");
        assertEquals(2, s.errors.count(Outcome.OUT_OF_RESOURCES));
    }

    @Test
    void receiveThatWouldBlockRightAfterItsOutOfResourcesRetryIsArmedAgain() throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        s.backend.awaitOp(OpKind.RECEIVE, socket).fail(WinError.WSAENOBUFS);
        // The back-off's retry arms a new receive, and the kernel answers it "would block".
        s.backend.awaitOp(OpKind.RECEIVE, socket).fail(WinError.WSAEWOULDBLOCK);
        // The connection must be read again: a receive is armed without another retry to wait for.
        s.backend.awaitOp(OpKind.RECEIVE, socket).receive(ScriptedServer.frame(bytes("read again")));
        assertArrayEquals(ScriptedServer.frame(bytes("read again")), s.completeSend(socket));
        assertTrue(s.connection(socket).isOpen());
        assertTrue(s.closes(socket).isEmpty());
        assertEquals(1, s.errors.count(Outcome.OUT_OF_RESOURCES));
        assertEquals(1, s.errors.count(Outcome.WOULD_BLOCK));
    }

    @ParameterizedTest(name = "code {0} on a send")
    @ValueSource(ints = {WinError.ERROR_NO_SYSTEM_RESOURCES, WinError.WSAENOBUFS, WinError.WSAEWOULDBLOCK})
    void transientErrorOnASendRetriesTheSameBytesAfterABackoff(int code) throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        s.peerSends(socket, bytes("retry me"));
        ScriptedOp first = s.backend.awaitOp(OpKind.SEND, socket);
        first.fail(code);
        ScriptedOp retried = s.backend.awaitOp(OpKind.SEND, socket);
        assertArrayEquals(first.offered(), retried.offered(), "the same bytes, in order");
        retried.completeSend();
        s.backend.awaitQuiescent();
        assertArrayEquals(ScriptedServer.frame(bytes("retry me")), s.backend.peerReceived(socket));
        assertEquals(0, s.group.sendQuota().globalPendingBytes());
        assertTrue(s.connection(socket).isOpen());
    }

    @Test
    void newFramesDoNotBypassTheSendBackoff() throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        // The kernel refuses every send at once, as an exhausted non-paged pool does.
        s.backend.answerAll(OpKind.SEND, op -> op.fail(WinError.WSAENOBUFS));
        int frames = 30;
        for (int i = 0; i < frames; i++) {
            s.peerSends(socket, bytes("frame " + i));
            s.backend.awaitQuiescent();
        }
        long attempts = s.backend.operations(socket).stream().filter(op -> op.kind() == OpKind.SEND).count();
        // Every echo starting a send at once would make one attempt per frame; backing off makes a
        // handful (the delays double: 10, 20, 40 ... ms, 13 s in all before a 20th attempt).
        assertTrue(attempts < frames / 2, "send attempts while out of resources: " + attempts);
        s.backend.answerAll(OpKind.SEND, ScriptedOp::completeSend);
        ScriptedOp pending = s.backend.pendingOp(OpKind.SEND, socket);
        if (pending != null) {
            pending.completeSend();
        }
        // The retry still scheduled sends everything queued meanwhile, now that the kernel takes it.
        s.backend.awaitPeerReceived(socket, s.queuedBytes(socket).length);
        assertArrayEquals(s.queuedBytes(socket), s.backend.peerReceived(socket), "every frame sent once, in order");
    }

    // ---- partial sends: the rest first, in order ----

    @Test
    void partialSendResendsTheRestFirstAndInOrder() throws Exception {
        ScriptedServer s = start(1);
        long socket = s.accept();
        s.peerSends(socket, bytes("first frame"));
        ScriptedOp first = s.backend.awaitOp(OpKind.SEND, socket);
        // Two more frames queue behind the send in flight.
        s.push(socket, bytes("second"));
        s.push(socket, bytes("third"));
        s.backend.awaitQuiescent();
        first.completeSend(5);
        ScriptedOp rest = s.backend.awaitOp(OpKind.SEND, socket);
        byte[] firstBytes = first.offered();
        assertArrayEquals(Arrays.copyOfRange(firstBytes, 5, firstBytes.length),
                Arrays.copyOfRange(rest.offered(), 0, firstBytes.length - 5), "the rest of the first send goes first");
        rest.completeSend(1);
        s.backend.awaitOp(OpKind.SEND, socket).completeSend();
        s.backend.awaitQuiescent();
        assertArrayEquals(s.queuedBytes(socket), s.backend.peerReceived(socket));
        assertEquals(2, s.group.partialSends());
        assertEquals(0, s.connection(socket).pendingBytes());
    }

    // ---- other codes the seed met: 10058, 998, 2 -> the socket is dead ----

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {WinError.WSAESHUTDOWN, WinError.ERROR_NOACCESS, WinError.ERROR_FILE_NOT_FOUND})
    void deadSocketCodesCloseAsIoErrorAndTheWorkerSurvives(int code) throws Exception {
        ScriptedServer s = start(1);
        long victim = s.accept();
        long other = s.accept();
        s.peerSends(victim, bytes("x"));
        s.backend.awaitOp(OpKind.SEND, victim).fail(code);
        s.backend.awaitQuiescent();
        assertEquals(List.of(CloseReason.IO_ERROR), s.closes(victim));
        assertEquals(1, s.errors.count(Outcome.FATAL));
        s.peerSends(other, bytes("alive"));
        assertArrayEquals(ScriptedServer.frame(bytes("alive")), s.completeSend(other));
    }

    // ---- FALSE, NULL, 6 / 735: the port was closed -> the worker exits ----

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {WinError.ERROR_INVALID_HANDLE, WinError.ERROR_ABANDONED_WAIT_0})
    void closedPortEndsItsWorkerCleanlyAndTheOtherWorkerKeepsServing(int code) throws Exception {
        ScriptedServer s = start(2);
        long survivor = s.accept();
        long stranded = s.accept();
        ScriptedPort dying = portOf(s, stranded);
        assertTrue(dying != portOf(s, survivor), "connections are dealt to both workers");
        // A send in flight holds quota when the port dies.
        s.peerSends(stranded, bytes("stranded"));
        s.backend.awaitOp(OpKind.SEND, stranded);
        assertTrue(s.group.sendQuota().globalPendingBytes() > 0);

        s.abandoned(stranded);
        dying.closeUnderWorker(code);
        assertTrue(ScriptedBackend.awaitThreadEnd(dying.owner()), "the worker thread ends");
        assertTrue(dying.isClosed(), "the worker closed its port on the way out");
        assertEquals(List.of(CloseReason.IO_ERROR), s.closes(stranded), "its sessions are closed once");
        assertEquals(0, s.connection(stranded).pendingBytes());
        assertEquals(0, s.group.sendQuota().globalPendingBytes(), "quota of the dead worker's connections returned");
        assertEquals(1, s.group.releasedConnections());
        assertEquals(SendResult.CLOSED, s.push(stranded, bytes("too late")));
        assertEquals(1, s.errors.count(Outcome.PORT_CLOSED), "the code is named and counted");

        s.peerSends(survivor, bytes("still here"));
        assertArrayEquals(ScriptedServer.frame(bytes("still here")), s.completeSend(survivor));
        // New connections keep coming; none is handed to the dead worker.
        for (int i = 0; i < 3; i++) {
            long later = s.accept();
            assertTrue(portOf(s, later) != dying);
            s.peerSends(later, bytes("new " + i));
            assertArrayEquals(ScriptedServer.frame(bytes("new " + i)), s.completeSend(later));
        }
    }

    @Test
    void framesBatchedBeforeTheirWorkersPortClosedReturnTheirQuotaWhenFlushedToTheDeadWorker() throws Exception {
        ScriptedServer s = start(1);
        long stranded = s.accept();
        ScriptedPort dying = portOf(s, stranded);
        // A shard's batch took quota for two frames while the worker was alive...
        SendBatch batch = new SendBatch();
        assertEquals(SendResult.QUEUED, s.connection(stranded).send(ByteBuffer.wrap(bytes("one")), batch));
        assertEquals(SendResult.QUEUED, s.connection(stranded).send(ByteBuffer.wrap(bytes("two")), batch));
        assertEquals(2 * (4 + 3), s.group.sendQuota().globalPendingBytes());

        s.abandoned(stranded);
        dying.closeUnderWorker(WinError.ERROR_INVALID_HANDLE);
        assertTrue(ScriptedBackend.awaitThreadEnd(dying.owner()), "the worker thread ends");
        // ...and hands them over after it died: nothing is sent, the quota comes back.
        batch.flush();
        assertEquals(0, s.group.sendQuota().globalPendingBytes(), "quota of frames the dead worker never took returned");
        assertEquals(0, s.connection(stranded).pendingFrames());
        assertEquals(List.of(CloseReason.IO_ERROR), s.closes(stranded));
    }

    @Test
    void socketHandedToAWorkerThatDiedBeforeTakingItIsAdoptedByALiveWorker() throws Exception {
        ScriptedServer s = start(2);
        ScriptedPort dying = s.backend.port(1);
        dying.closeUnderWorker(WinError.ERROR_ABANDONED_WAIT_0);
        assertTrue(ScriptedBackend.awaitThreadEnd(dying.owner()), "worker 1 ended");
        // The acceptor chose worker 1 just before it died: the hand-over lands in a dead worker's queue.
        long socket = s.backend.newSocket();
        s.handedOver(socket);
        s.group.worker(1).execute(new WorkerCommand.AdoptSocket(socket, null, null));
        ScriptedOp receive = s.backend.awaitOp(OpKind.RECEIVE, socket);
        assertTrue(receive.port() == s.backend.port(0), "the live worker took the socket over");
        s.peerSends(socket, bytes("served"));
        assertArrayEquals(ScriptedServer.frame(bytes("served")), s.completeSend(socket));
        assertEquals(0, s.group.orphanedSockets());
    }

    @Test
    void socketAcceptedWhenNoWorkerIsLiveIsClosedAndCountedWithoutTouchingADeadWorker() throws Exception {
        ScriptedServer s = start(1);
        ScriptedPort dying = s.backend.port(0);
        dying.closeUnderWorker(WinError.ERROR_INVALID_HANDLE);
        assertTrue(ScriptedBackend.awaitThreadEnd(dying.owner()), "the only worker ended");
        long assigned = s.backend.newSocket();
        s.group.assign(assigned, null);
        long handedOver = s.backend.newSocket();
        s.group.worker(0).execute(new WorkerCommand.AdoptSocket(handedOver, null, null));
        assertTrue(s.backend.closedUnowned(assigned), "closed through the backend, no port involved");
        assertTrue(s.backend.closedUnowned(handedOver), "a hand-over the dead worker never took is closed too");
        assertEquals(2, s.group.orphanedSockets(), "each counted");
        assertTrue(s.backend.violations().isEmpty(), () -> "a dead worker's port was used: " + s.backend.violations());
        assertEquals(0, s.group.releasedConnections(), "no connection was made on the dead worker");
    }

    // ---- an accept that fails for good: the listener stops, once ----

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {WinError.WSAENOTSOCK, WinError.WSAEINVAL, WinError.WSAEFAULT})
    void listenerWhoseAcceptFailsForGoodStopsOnceAndTheWorkerKeepsServing(int code) throws Exception {
        ScriptedServer s = start(1);
        long connected = s.accept();
        ScriptedOp accept = s.backend.awaitOp(OpKind.ACCEPT, -1);
        accept.fail(code);
        s.backend.awaitQuiescent();
        assertNull(s.backend.pendingOp(OpKind.ACCEPT, -1), "no accept re-armed on a listener that cannot accept");
        assertEquals(1, s.group.failedListeners(), "the stopped listener is counted");
        assertEquals(1, s.errors.count(io.gameport.transport.ErrorClassifier.name(s.backend.errorSpace(), code)),
                "its code named and counted once");
        boolean handleGone = code == WinError.WSAENOTSOCK;
        assertEquals(!handleGone, s.backend.closeStarted(accept.socket()),
                handleGone ? "a handle that is no socket is left alone" : "a listener handle still ours is closed");
        s.peerSends(connected, bytes("still served"));
        assertArrayEquals(ScriptedServer.frame(bytes("still served")), s.completeSend(connected));
    }

    @Test
    void acceptFailingForOnePeerKeepsTheListenerArmed() throws Exception {
        ScriptedServer s = start(1);
        s.backend.awaitOp(OpKind.ACCEPT, -1).fail(WinError.WSAECONNRESET);
        s.backend.awaitOp(OpKind.ACCEPT, -1);
        s.accept();
        assertEquals(0, s.group.failedListeners());
    }

    private static ScriptedPort portOf(ScriptedServer s, long socket) {
        return s.backend.awaitOp(OpKind.RECEIVE, socket).port();
    }
}

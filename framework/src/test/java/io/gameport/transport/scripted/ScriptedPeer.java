package io.gameport.transport.scripted;

import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.CompletionPortContract;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The far end of a scripted connection, played as a kernel would: what it writes answers the
 * socket's armed receive (or the next one started), its shutdown ends that receive with 0, its
 * reset fails it with WSAECONNRESET; what it reads is what the socket's completed sends carried.
 * Used by the test thread that owns the port; answers are queued for the port's next poll.
 */
final class ScriptedPeer implements CompletionPortContract.Peer {

    private final ScriptedBackend backend;
    private final CompletionPort port;
    final long socket;
    /** Answers for the socket's receive not given yet, in order; the last may end the receive. */
    private final Deque<Consumer<ScriptedOp>> unanswered = new ArrayDeque<>();
    private boolean waitingForReceive;
    private int read;

    ScriptedPeer(ScriptedBackend backend, CompletionPort port, long socket) {
        this.backend = backend;
        this.port = port;
        this.socket = socket;
    }

    @Override
    public InetSocketAddress address() {
        return port.remoteAddress(socket);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return port.localAddress(socket);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(byte[] bytes) {
        byte[] copy = bytes.clone();
        answer(op -> op.receiveMore(copy));
    }

    @Override
    public void shutdownOutput() {
        answer(ScriptedOp::endOfStream);
    }

    @Override
    public void reset() {
        answer(op -> op.fail(WinError.WSAECONNRESET));
    }

    @Override
    public byte[] read(int bytes) {
        backend.awaitPeerReceived(socket, read + bytes);
        byte[] all = backend.peerReceived(socket);
        byte[] next = Arrays.copyOfRange(all, read, read + bytes);
        read += bytes;
        return next;
    }

    /** The port closed the socket: a real peer would read the end of the stream. */
    @Override
    public boolean seesEnd() {
        return backend.closeStarted(socket)
                || port instanceof ScriptedPort scripted && scripted.shutdownOutputs().contains(socket);
    }

    private void answer(Consumer<ScriptedOp> answer) {
        unanswered.add(answer);
        ScriptedOp receive = backend.pendingOp(OpKind.RECEIVE, socket);
        if (receive != null) {
            deliver(receive);
        } else if (!waitingForReceive) {
            waitingForReceive = true;
            backend.answerNext(socket, OpKind.RECEIVE, op -> {
                waitingForReceive = false;
                deliver(op);
            });
        }
    }

    /** Gives the receive every queued answer, up to and including one that ends it. */
    private void deliver(ScriptedOp receive) {
        while (!unanswered.isEmpty() && receive.isPending()) {
            unanswered.poll().accept(receive);
        }
        if (!unanswered.isEmpty() && !waitingForReceive) {
            waitingForReceive = true;
            backend.answerNext(socket, OpKind.RECEIVE, op -> {
                waitingForReceive = false;
                deliver(op);
            });
        }
    }

    @Override
    public void close() {
        // Nothing of the peer's own to release: the port closes the socket.
    }
}

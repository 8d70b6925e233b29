package io.gameport.transport.scripted;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The scripted kernel's view of one socket or listener. Guarded by the backend's lock. */
final class ScriptedSocket {

    final long handle;
    final boolean listener;
    /** The port the socket is associated with (IOCP allows one), or null until adopted. */
    ScriptedPort port;
    /** For a connected socket: the address its connect reached. */
    java.net.InetSocketAddress remote;
    boolean closeStarted;
    /** Closed through the backend, by no port: it was accepted for a worker that died before taking it. */
    boolean closedUnowned;
    final List<ScriptedOp> ops = new ArrayList<>();
    /** Bytes of completed sends, in completion order: what the peer read. */
    final ByteArrayOutputStream peerReceived = new ByteArrayOutputStream();
    private final Map<OpKind, Deque<Consumer<ScriptedOp>>> answers = new EnumMap<>(OpKind.class);

    ScriptedSocket(long handle, boolean listener) {
        this.handle = handle;
        this.listener = listener;
    }

    void answerNext(OpKind kind, Consumer<ScriptedOp> answer) {
        answers.computeIfAbsent(kind, k -> new ArrayDeque<>()).add(answer);
    }

    Consumer<ScriptedOp> nextAnswer(OpKind kind) {
        Deque<Consumer<ScriptedOp>> queue = answers.get(kind);
        return queue == null ? null : queue.pollFirst();
    }

    /** An operation of this kind that has started and whose final completion the framework has not had yet. */
    ScriptedOp inFlight(OpKind kind) {
        for (ScriptedOp op : ops) {
            if (op.kind == kind && !op.ended) {
                return op;
            }
        }
        return null;
    }

    /** Close started and every operation's final completion delivered: the handle is gone. */
    boolean released() {
        if (!closeStarted) {
            return false;
        }
        for (ScriptedOp op : ops) {
            if (!op.ended && op.kind != OpKind.CANCEL) {
                return false;
            }
        }
        return true;
    }
}

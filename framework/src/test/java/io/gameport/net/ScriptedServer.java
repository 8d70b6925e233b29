package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.transport.Backend;
import io.gameport.log.PeerLogs;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.scripted.OpKind;
import io.gameport.transport.scripted.ScriptedBackend;
import io.gameport.transport.scripted.ScriptedOp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A {@link TransportServer} on a {@link ScriptedBackend}, with a handler that echoes every frame
 * and records, per scripted socket, the connection, its opens, its closes with their reasons, and
 * every frame it queued, so a test can check what the framework did against what it must do.
 * {@link #stop()} settles every close, stops the server and checks the invariants every scenario
 * must end with.
 */
final class ScriptedServer {

    /** Runs {@code action} on {@code worker}'s own thread and waits for it: a sweep by hand, between the test's steps. */
    static void onWorkerThread(IoWorker worker, Runnable action) throws Exception {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        worker.execute((WorkerTask) () -> {
            action.run();
            done.complete(null);
        });
        done.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    final ErrorMetrics errors = new ErrorMetrics();
    final ScriptedBackend backend = new ScriptedBackend(errors);
    final TransportServer server;
    final WorkerGroup group;
    final Map<Long, Connection> connections = new ConcurrentHashMap<>();
    final Map<Long, List<CloseReason>> closes = new ConcurrentHashMap<>();
    final Map<Long, ByteArrayOutputStream> queued = new ConcurrentHashMap<>();
    final List<Throwable> handlerFailures = new CopyOnWriteArrayList<>();
    private final List<Long> accepted = new ArrayList<>();
    private final List<Long> abandoned = new ArrayList<>();
    volatile boolean echo = true;

    ScriptedServer(int workers) throws IOException {
        this(workers, UnaryOperator.identity());
    }

    /** A server whose settings the test adjusts from the scripted defaults (nio2 error space, 64 KiB frames). */
    ScriptedServer(int workers, UnaryOperator<TransportSettings> settings) throws IOException {
        this(workers, 64 * 1024, settings);
    }

    ScriptedServer(int workers, int maxFrameBytes, UnaryOperator<TransportSettings> settings) throws IOException {
        TransportSettings config = settings.apply(TransportSettings.defaults().withBackend(Backend.NIO2).withWorkers(workers));
        server = TransportServer.start(new WorkerGroup("gameport", config, maxFrameBytes, new Recorder(), errors, PeerLogs.defaults(),
                backend), new InetSocketAddress("127.0.0.1", 0), null);
        group = server.workers();
    }

    /** The scripted socket a connection runs on: the scripted port names peers after their handle. */
    static long socketOf(Connection connection) {
        return connection.remoteAddress().getPort() - 40_000L;
    }

    /** Accepts a new socket and waits until its connection is open with its receive armed. */
    long accept() {
        long socket = backend.newSocket();
        return accept(socket);
    }

    long accept(long socket) {
        accepted.add(socket);
        backend.accept(socket);
        backend.awaitOp(OpKind.RECEIVE, socket);
        return socket;
    }

    /** A socket the test hands to a worker itself (not through the listener): checked at stop like an accepted one. */
    void handedOver(long socket) {
        accepted.add(socket);
    }

    /** The socket's port is about to be closed under its worker: no completion of it will ever come back. */
    void abandoned(long socket) {
        abandoned.add(socket);
    }

    Connection connection(long socket) {
        return connections.get(socket);
    }

    List<CloseReason> closes(long socket) {
        return closes.getOrDefault(socket, List.of());
    }

    /** Every frame the handler queued on the socket's connection, encoded as on the wire. */
    byte[] queuedBytes(long socket) {
        ByteArrayOutputStream bytes = queued.get(socket);
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    /** Sends one frame from the test thread (any thread may send) and records it when queued. */
    SendResult push(long socket, byte[] payload) {
        Connection connection = connection(socket);
        ByteArrayOutputStream bytes = queued.get(socket);
        synchronized (bytes) {
            SendResult result = connection.send(ByteBuffer.wrap(payload));
            if (result == SendResult.QUEUED) {
                bytes.writeBytes(frame(payload));
            }
            return result;
        }
    }

    /** Completes the socket's armed receive with {@code payload} framed as the peer would send it. */
    void peerSends(long socket, byte[] payload) {
        backend.awaitOp(OpKind.RECEIVE, socket).receive(frame(payload));
    }

    /** Answers the socket's pending send whole and returns what it carried. */
    byte[] completeSend(long socket) {
        ScriptedOp send = backend.awaitOp(OpKind.SEND, socket);
        send.completeSend();
        return send.offered();
    }

    /** Answers the socket's sends whole, one after the other, until the framework has nothing more to send. */
    void completeSendsUntilIdle(long socket) {
        while (true) {
            backend.awaitQuiescent();
            ScriptedOp send = backend.pendingOp(OpKind.SEND, socket);
            if (send == null) {
                return;
            }
            send.completeSend();
        }
    }

    static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /**
     * Lets every close settle (automatic mode), stops the server, and checks what every scenario
     * must end with: the port contract kept, each accepted connection closed once and released
     * once, no quota left, no stale completion, no handler failure.
     */
    void stop() {
        backend.closeAutomatically(true);
        server.close();
        assertTrue(backend.violations().isEmpty(), () -> "port contract broken: " + backend.violations());
        assertTrue(backend.isClosed(), "the backend is closed last");
        assertEquals(0, group.staleCompletions(), "completions acted on after their connection was released");
        assertEquals(0, group.sendQuota().globalPendingBytes(), "send quota returned");
        assertEquals(accepted.size(), group.releasedConnections(), "every connection released exactly once");
        for (long socket : accepted) {
            assertEquals(1, closes(socket).size(), () -> "onClose calls of socket " + socket + ": " + closes(socket));
            assertEquals(0, connection(socket).pendingBytes(), "connection quota returned");
            assertTrue(abandoned.contains(socket) || backend.isReleased(socket), "socket " + socket + " closed and all its completions delivered");
        }
        assertTrue(handlerFailures.isEmpty(), () -> "handler failures: " + handlerFailures);
    }

    private final class Recorder implements ConnectionHandler {
        @Override
        public void onOpen(Connection connection) {
            long socket = socketOf(connection);
            queued.put(socket, new ByteArrayOutputStream());
            connections.put(socket, connection);
        }

        @Override
        public void onFrame(Connection connection, ByteBuffer payload) {
            if (!echo) {
                return;
            }
            try {
                byte[] copy = new byte[payload.remaining()];
                payload.duplicate().get(copy);
                ByteArrayOutputStream bytes = queued.get(socketOf(connection));
                synchronized (bytes) {
                    if (connection.send(payload) == SendResult.QUEUED) {
                        bytes.writeBytes(frame(copy));
                    }
                }
            } catch (RuntimeException e) {
                handlerFailures.add(e);
                throw e;
            }
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
            closes.computeIfAbsent(socketOf(connection), s -> new CopyOnWriteArrayList<>()).add(reason);
        }
    }
}

package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gameport.transport.Backend;
import io.gameport.log.PeerLogs;
import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.ConnectionHandler;
import io.gameport.net.TransportSettings;
import io.gameport.net.WorkerGroup;
import io.gameport.net.TransportServer;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.MessageRegistry;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.ProtocolFiles;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.scripted.OpKind;
import io.gameport.transport.scripted.ScriptedBackend;
import io.gameport.transport.scripted.ScriptedOp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Sessions on real {@link Connection}s whose "kernel" is the scripted backend, wired as the
 * framework wires them (the I/O worker opens a session when its connection opens, counts its
 * inbound frames, and closes it when the connection closes) but with no dispatch, handlers or
 * server around them: what a session sends is read back as the peer would read it
 * ({@link #nextMessage}), what the peer sends is scripted ({@link #peerSends}). The framework's
 * own messages (Ping, Pong, ErrorReply, Disconnect) are the protocol.
 */
public final class ScriptedSessions implements AutoCloseable {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    public final MessageRegistry registry = MessageRegistry.builder().addFiles(ProtocolFiles.framework()).build();
    public final MessageCodec codec = new MessageCodec(registry, ProtocolSettings.defaults());
    public final SessionManager sessions;
    private final ScriptedBackend backend = new ScriptedBackend(new ErrorMetrics());
    private final TransportServer server;
    private final BlockingQueue<Session> opened = new LinkedBlockingQueue<>();
    private final Map<Long, CloseReason> closes = new ConcurrentHashMap<>();
    private final Map<Long, Connection> connections = new ConcurrentHashMap<>();
    private final Map<Long, Integer> readOffsets = new ConcurrentHashMap<>();

    public ScriptedSessions(SessionSettings settings) throws IOException {
        this(settings, UnaryOperator.identity());
    }

    /** With the sessions' encoder wrapped by {@code encoder} (e.g. to count encodings). */
    public ScriptedSessions(SessionSettings settings, UnaryOperator<MessageEncoder> encoder) throws IOException {
        sessions = new SessionManager(encoder.apply(new CodecMessageEncoder(codec, registry)), settings);
        backend.answerAll(OpKind.SEND, ScriptedOp::completeSend);
        TransportSettings config = TransportSettings.defaults().withBackend(Backend.NIO2).withWorkers(1);
        server = TransportServer.start(new WorkerGroup("gameport", config, 64 * 1024, new ConnectionHandler() {
            @Override
            public void onOpen(Connection connection) {
                Session session = SessionInternals.open(sessions, connection);
                connections.put(session.id(), connection);
                opened.add(session);
            }

            @Override
            public void onFrame(Connection connection, ByteBuffer payload) {
                SessionInternals.countInboundFrame((Session) connection.attachment());
            }

            @Override
            public void onClose(Connection connection, CloseReason reason) {
                Session session = (Session) connection.attachment();
                SessionInternals.closed(sessions, session, reason);
                closes.put(session.id(), reason);
            }
        }, new ErrorMetrics(), PeerLogs.defaults(), backend), new InetSocketAddress("127.0.0.1", 0), null);
    }

    /** A peer connects: returns its session, open and registered. */
    public Session open() throws InterruptedException {
        backend.accept();
        Session session = opened.poll(10, TimeUnit.SECONDS);
        assertTrue(session != null, "no session opened for the accepted connection");
        return session;
    }

    /** The transport connection the session was opened on. */
    public Connection connectionOf(Session session) {
        return connections.get(session.id());
    }

    /** The scripted socket under a session: the scripted port names a peer after its socket. */
    private static long socketOf(Session session) {
        return session.remoteAddress().getPort() - 40_000L;
    }

    /** The peer sends {@code message} with {@code requestId}: the session's armed receive completes with its frame. */
    public void peerSends(Session session, Message message, int requestId) {
        ByteBuffer frame = codec.encodeFrame(message, requestId);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        backend.awaitOp(OpKind.RECEIVE, socketOf(session)).receiveMore(bytes);
    }

    /** The next message the peer reads from the session (waits for it, up to a hang guard). */
    public Envelope nextMessage(Session session) throws InterruptedException, ProtocolException {
        long socket = socketOf(session);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            byte[] bytes = backend.peerReceived(socket);
            int at = readOffsets.getOrDefault(socket, 0);
            if (bytes.length - at >= 4) {
                int length = ByteBuffer.wrap(bytes, at, 4).getInt();
                if (bytes.length - at - 4 >= length) {
                    readOffsets.put(socket, at + 4 + length);
                    return codec.decode(ByteBuffer.wrap(bytes, at + 4, length).slice());
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("session " + session.id() + " sent no further message; it sent " + bytes.length + " bytes");
            }
            Thread.sleep(2);
        }
    }

    /** True when the peer has read everything the session sent so far. */
    public boolean nothingMoreSent(Session session) {
        long socket = socketOf(session);
        return backend.peerReceived(socket).length == readOffsets.getOrDefault(socket, 0);
    }

    /** Waits until the session's connection closed; returns why. */
    public CloseReason awaitClosed(Session session) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!closes.containsKey(session.id())) {
            if (System.nanoTime() - deadline > 0) {
                return fail("session " + session.id() + " was not closed");
            }
            Thread.sleep(2);
        }
        return closes.get(session.id());
    }

    /** The reason the session's connection closed, or null while it has not. */
    public CloseReason closeReason(Session session) {
        return closes.get(session.id());
    }

    /** Stops the transport (closing what is open) and checks the scripted port saw no breach of its contract. */
    @Override
    public void close() {
        server.close();
        assertTrue(backend.violations().isEmpty(), () -> "port contract broken: " + backend.violations());
        assertEquals(0, server.workers().staleCompletions());
    }
}

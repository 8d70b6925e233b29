package io.gameport.session;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.SendResult;
import io.gameport.protocol.MessageHeader;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live sessions of a server: look-up by id, and broadcasts that encode a message once and
 * hand the same bytes to every recipient's connection (each connection copies them into its own
 * outbound chunks on its I/O worker; nothing is copied per recipient before that).
 *
 * <p>Thread-safe. Sessions are added when their connection opens (I/O worker) and removed when
 * it closes; a session looked up just before its close simply answers {@code CLOSED} to sends.
 */
@Singleton
public final class SessionManager {

    private final MessageEncoder encoder;
    private final int disconnectLingerMs;
    private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    private final Collection<Session> view = Collections.unmodifiableCollection(sessions.values());
    private final Map<CloseReason, LongAdder> closes = new EnumMap<>(CloseReason.class);
    /** Resumable sessions, or null when {@link SessionSettings#resume()} is off. */
    private final Resumption resumption;

    public SessionManager(MessageEncoder encoder, SessionSettings settings) {
        this(encoder, settings, io.gameport.log.PeerLogs.defaults());
    }

    @Inject
    public SessionManager(MessageEncoder encoder, SessionSettings settings, io.gameport.log.PeerLogs logs) {
        this.encoder = encoder;
        this.disconnectLingerMs = (int) settings.disconnectLingerMs();
        for (CloseReason reason : CloseReason.values()) {
            closes.put(reason, new LongAdder());
        }
        this.resumption = settings.resume().enabled()
                ? new Resumption(settings.resume(), this, logs.log(Resumption.class, "resumption refusals and backlog closes"))
                : null;
    }

    /** The resumption of this server's sessions, or null when it is off. */
    public Resumption resumption() {
        return resumption;
    }

    /** How long a purposeful close waits for queued frames and its {@code Disconnect} to be sent. */
    public int disconnectLingerMs() {
        return disconnectLingerMs;
    }

    /** I/O worker: a connection opened; its session is registered and attached to it. */
    Session open(Connection connection) {
        Session session = new Session(connection, encoder, System.nanoTime(), disconnectLingerMs, resumption);
        if (resumption != null) {
            resumption.opening(connection);
        }
        connection.attach(session);
        sessions.put(session.id(), session);
        return session;
    }

    /** I/O worker: the session's connection is closing. */
    void closed(Session session, CloseReason reason) {
        session.beginClosing();
        sessions.remove(session.id());
        closes.get(reason).increment();
    }

    /** A session that never opened became part of another (its connection resumed that one): gone without a close. */
    void discard(Session session) {
        sessions.remove(session.id(), session);
    }

    /** A session that never opened to handlers ends with its connection: counted like any close, nothing published. */
    void forgetUnopened(Session session, CloseReason reason) {
        session.beginClosing();
        sessions.remove(session.id(), session);
        closes.get(reason).increment();
    }

    /** The open session with this id, or null. */
    public Session get(long id) {
        return sessions.get(id);
    }

    /** A live view of the open sessions. */
    public Collection<Session> all() {
        return view;
    }

    public int size() {
        return sessions.size();
    }

    /** Sessions closed so far for {@code reason}. */
    public long closedCount(CloseReason reason) {
        return closes.get(reason).sum();
    }

    public MessageEncoder encoder() {
        return encoder;
    }

    /** Sends {@code message} to every session in {@code targets}, encoding it once. Any thread. */
    public BroadcastResult broadcast(Iterable<Session> targets, Message message) {
        ByteBuffer payload = encoder.encode(message, MessageHeader.NO_REQUEST);
        int[] counts = new int[SendResult.values().length];
        for (Session session : targets) {
            counts[session.sendEncoded(payload).ordinal()]++;
        }
        return new BroadcastResult(counts);
    }

    /** Sends {@code message} to every open session, encoding it once. */
    public BroadcastResult broadcastAll(Message message) {
        return broadcast(view, message);
    }
}

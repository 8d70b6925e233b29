package io.gameport.server;

import io.gameport.dispatch.Dispatcher;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.ConnectionHandler;
import io.gameport.session.Session;
import io.gameport.session.SessionInternals;
import io.gameport.session.SessionManager;
import io.gameport.session.Resumption;
import java.nio.ByteBuffer;

/**
 * The transport's {@link ConnectionHandler} for a game server: turns a connection into a
 * {@link Session} and publishes its open, frames and close to the session's shard. Runs on I/O
 * worker threads; allocates nothing per frame (the dispatcher copies the frame into a ring slot).
 */
final class SessionBridge implements ConnectionHandler, Resumption.Events {

    private final SessionManager sessions;
    private final Dispatcher dispatcher;
    /** Null when sessions are not resumable: the one check the plain path pays per frame. */
    private final Resumption resumption;
    private volatile boolean accepting = true;

    SessionBridge(SessionManager sessions, Dispatcher dispatcher) {
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.resumption = sessions.resumption();
    }

    /** From now on, new connections are closed at once ({@code SERVER_STOPPING}). */
    void stopAccepting() {
        accepting = false;
    }

    @Override
    public void onOpen(Connection connection) {
        if (!accepting) {
            connection.close(CloseReason.SERVER_STOPPING);
            return;
        }
        Session session = SessionInternals.open(sessions, connection);
        if (resumption == null) {
            dispatcher.publishOpen(session);
        }
        // Resumable: the session opens at its first frame, unless that frame resumes another session.
    }

    @Override
    public void onFrame(Connection connection, ByteBuffer payload) {
        Session session = (Session) connection.attachment();
        SessionInternals.countInboundFrame(session);
        if (resumption != null && resumption.onFrame(connection, session, payload)) {
            return;
        }
        if (!dispatcher.publishFrame(session, payload)) {
            // Frames after this one in the same receive are not decoded: the connection is closing.
            connection.close(CloseReason.INBOUND_BUDGET_EXCEEDED);
        }
    }

    @Override
    public void onClose(Connection connection, CloseReason reason) {
        Session session = (Session) connection.attachment();
        if (session == null) {
            return;
        }
        if (resumption != null && resumption.onConnectionClosed(connection, session, reason)) {
            return;
        }
        SessionInternals.closed(sessions, session, reason);
        dispatcher.publishClose(session, reason);
    }

    // ---- the resumption's events (resumable sessions only) ----

    @Override
    public void opened(Session session) {
        dispatcher.publishOpen(session);
    }

    @Override
    public void suspended(Session session) {
        dispatcher.publishSuspend(session);
    }

    @Override
    public void resumed(Session session) {
        dispatcher.publishResume(session);
    }

    @Override
    public void closed(Session session, CloseReason reason) {
        dispatcher.publishClose(session, reason);
    }
}

package io.gameport.server;

import io.gameport.dispatch.Dispatcher;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.ConnectionHandler;
import io.gameport.session.Session;
import io.gameport.session.SessionInternals;
import io.gameport.session.SessionManager;
import java.nio.ByteBuffer;

/**
 * The transport's {@link ConnectionHandler} for a game server: turns a connection into a
 * {@link Session} and publishes its open, frames and close to the session's shard. Runs on I/O
 * worker threads; allocates nothing per frame (the dispatcher copies the frame into a ring slot).
 */
final class SessionBridge implements ConnectionHandler {

    private final SessionManager sessions;
    private final Dispatcher dispatcher;
    private volatile boolean accepting = true;

    SessionBridge(SessionManager sessions, Dispatcher dispatcher) {
        this.sessions = sessions;
        this.dispatcher = dispatcher;
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
        dispatcher.publishOpen(SessionInternals.open(sessions, connection));
    }

    @Override
    public void onFrame(Connection connection, ByteBuffer payload) {
        Session session = (Session) connection.attachment();
        SessionInternals.countInboundFrame(session);
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
        SessionInternals.closed(sessions, session, reason);
        dispatcher.publishClose(session, reason);
    }
}

package io.gameport.session;

import io.gameport.net.CloseReason;
import io.gameport.net.Connection;

/**
 * The framework's own hold on sessions, kept off {@link Session}'s and {@link SessionManager}'s
 * public API, which is what game code programs against: the transport bridge opens and closes
 * sessions and counts their frames, the dispatch stage marks their close handled and keeps their
 * large-frame budget, the message dispatcher keeps its per-session state. Not for game code: each
 * method assumes the thread its comment names. Static and allocation-free: they compile down to
 * the field accesses they stand for.
 */
public final class SessionInternals {

    private SessionInternals() {
    }

    /** I/O worker: a connection opened; its session is registered in {@code sessions} and attached to it. */
    public static Session open(SessionManager sessions, Connection connection) {
        return sessions.open(connection);
    }

    /** I/O worker: the session's connection is closing; it leaves {@code sessions} and its close is counted. */
    public static void closed(SessionManager sessions, Session session, CloseReason reason) {
        sessions.closed(session, reason);
    }

    /** The connection's I/O worker only: one more frame arrived from the peer. */
    public static void countInboundFrame(Session session) {
        session.countInboundFrame();
    }

    /** Frames received from the peer so far. Any thread. */
    public static long inboundFrames(Session session) {
        return session.inboundFrames();
    }

    /**
     * Resumable sessions: the peer has received {@code received} of the session's game frames (a
     * count carried by a heartbeat); they are forgotten. False when the count is above what was sent
     * (the caller closes the session: a protocol error). True and nothing done without resumption. Any thread.
     */
    public static boolean acknowledge(Session session, long received) {
        return session.resumable == null || session.resumable.resumption.acknowledge(session, received);
    }

    /** Resumable sessions: the count of game frames received, to put in a heartbeat (it acknowledges them); 0 without resumption. */
    public static long receivedForHeartbeat(Session session) {
        return session.resumable == null ? 0 : session.resumable.resumption.receivedForHeartbeat(session);
    }

    /** Shard thread: the shard has taken the session's close event; no event of it follows. */
    public static void markClosed(Session session) {
        session.markClosed();
    }

    /**
     * Heap held by the session's frames that were too large for a ring slot's own buffer, published
     * to its shard and not yet handled. Capped by {@code DispatchSettings.maxLargeFrameBytesPerSession}. Any thread.
     */
    public static long queuedLargeFrameBytes(Session session) {
        return session.queuedLargeFrameBytes();
    }

    /** Dispatch stage: reserves (positive) or returns (negative) large-frame bytes; returns the new total. */
    public static long addQueuedLargeFrameBytes(Session session, long delta) {
        return session.addQueuedLargeFrameBytes(delta);
    }

    /** The session's shard thread only: the state the frame processor keeps for the session, or null. */
    public static Object processorState(Session session) {
        return session.processorState();
    }

    /** The session's shard thread only. */
    public static void processorState(Session session, Object state) {
        session.processorState(state);
    }
}

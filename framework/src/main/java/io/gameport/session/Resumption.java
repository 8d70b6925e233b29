package io.gameport.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gameport.log.RateLimitedLog;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.SendQuotaPolicy;
import io.gameport.net.SendQuotaSettings;
import io.gameport.net.SendResult;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.Resume;
import io.gameport.protocol.messages.Resumed;
import io.gameport.protocol.messages.SessionResumable;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Resumable sessions on the server (protocol README, "Resumable sessions"; {@link ResumeSettings}).
 * A session outlives its connection: when the connection drops the session is suspended, keeps
 * what is sent to it, and a {@code Resume} with its token from a new connection within the grace
 * period attaches that connection and sends again what the client had not received.
 *
 * <h2>Who does what</h2>
 * <ul>
 *   <li>The I/O worker of the attached connection counts the game frames received
 *       ({@link #onFrame}), handles the control frames ({@code Ack}, {@code Resume}), sends an
 *       {@code Ack} every {@link ResumeSettings#ackEveryFrames()} frames, and suspends the session
 *       when its connection drops ({@link #onConnectionClosed}).</li>
 *   <li>Every send to the session ({@link #send}: shards, room loops, timers, broadcasts) appends
 *       the frame to the session's {@link ReplayLog} and hands it to the attached connection
 *       through its worker's command queue, both under the session's lock: the order of the log is
 *       the order on the wire, which is what makes the counts mean the same frames on both sides.
 *       The lock is the session's own monitor, taken by the session's senders and, once per ack,
 *       by its I/O worker: it is contended only when two threads send to one session at once.</li>
 *   <li>The resumption timer ({@link #sweep}, every {@link ResumeSettings#ackDelayMs()}) sends
 *       the acks that are due, renews tokens at half their lifetime and closes sessions whose grace
 *       period passed.</li>
 * </ul>
 * Events for handlers (open, suspend, resume, close) are published outside the lock, since
 * publishing may wait for a full shard whose handler may be sending to this very session.
 */
public final class Resumption {

    /** The framework messages the resumption handles itself, by message id. */
    static final int PING_ID = 1;
    static final int PONG_ID = 2;
    static final int DISCONNECT_ID = 4;
    static final int SESSION_RESUMABLE_ID = 6;
    static final int ACK_ID = 7;
    static final int RESUME_ID = 8;
    static final int RESUMED_ID = 9;
    /** Sessions closed for good whose refusal is remembered, to answer a late Resume with the right code. */
    private static final int TOMBSTONES = 16_384;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Resumption.class);

    /** Where the session's events go: the game server publishes them to the session's shard. */
    public interface Events {
        void opened(Session session);

        void suspended(Session session);

        void resumed(Session session);

        void closed(Session session, CloseReason reason);
    }

    private final ResumeSettings settings;
    private final ResumeTokens tokens;
    private final SessionManager sessions;
    private final RateLimitedLog refusalLog;
    private volatile SendQuotaSettings quota = SendQuotaSettings.defaults();
    private volatile Events events;
    private final AtomicLong keptBytes = new AtomicLong();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder suspensions = new LongAdder();
    private final LongAdder takeovers = new LongAdder();
    private final LongAdder graceExpiries = new LongAdder();
    private final LongAdder backlogCloses = new LongAdder();
    private final LongAdder replayedFrames = new LongAdder();
    private final LongAdder acksSent = new LongAdder();
    private final LongAdder overQuota = new LongAdder();
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final ClosedSessions closedSessions = new ClosedSessions(TOMBSTONES);
    /** Where each suspension's length goes when a resume ends it: nowhere, or the metrics' timer. */
    private volatile LongConsumer suspensionLengths = nanos -> { };

    Resumption(ResumeSettings settings, SessionManager sessions, RateLimitedLog refusalLog) {
        this.settings = settings;
        this.tokens = new ResumeTokens(settings);
        this.sessions = sessions;
        this.refusalLog = refusalLog;
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, new LongAdder());
        }
    }

    public ResumeSettings settings() {
        return settings;
    }

    /** The game server's wiring, before it starts: where events go and the send quota the sessions' logs count against. */
    public void wire(Events sink, SendQuotaSettings sendQuota) {
        this.events = sink;
        this.quota = sendQuota;
    }

    /**
     * Reports how long each suspension a resume ended lasted, in nanoseconds from the drop to the
     * resume (a takeover's too: closing the connection it replaces suspends the session until the
     * new one resumes it), to {@code sink}: the metrics bind a timer here. Called under the
     * session's lock on the resuming connection's worker, so the sink must not block. Replaces the
     * previous sink.
     */
    public void reportSuspensionLengths(LongConsumer sink) {
        suspensionLengths = sink == null ? nanos -> { } : sink;
    }

    // ---- counters (each read by a meter) ----

    /** Sessions resumed on a new connection. */
    public long resumes() {
        return resumes.sum();
    }

    /** Connections that dropped with their session kept (suspended). */
    public long suspensions() {
        return suspensions.sum();
    }

    /** Resumes that took a session over from a connection still attached (closed {@code SESSION_REPLACED}). */
    public long takeovers() {
        return takeovers.sum();
    }

    /** Suspended sessions closed because their grace period passed. */
    public long graceExpiries() {
        return graceExpiries.sum();
    }

    /** Sessions closed because what they kept passed the send quota ({@code RESUME_BACKLOG_EXCEEDED}). */
    public long backlogCloses() {
        return backlogCloses.sum();
    }

    /** Sends refused or dropped by the quota's policy while attached ({@code REJECT}, {@code DROP}). */
    public long overQuotaSends() {
        return overQuota.sum();
    }

    /** Frames sent again after resumes. */
    public long replayedFrames() {
        return replayedFrames.sum();
    }

    /** {@code Ack} frames sent. */
    public long acksSent() {
        return acksSent.sum();
    }

    /** {@code Resume}s refused for {@code refusal}. */
    public long refusals(Refusal refusal) {
        return refusals.get(refusal).sum();
    }

    /** Bytes kept by every session's replay log together (counted against the global send cap). */
    public long keptBytes() {
        return keptBytes.get();
    }

    // ---- sending (any thread) ----

    /** A game frame to {@code session}: kept until acknowledged, sent now when a connection is attached. */
    SendResult send(Session session, ByteBuffer payload) {
        ResumableState state = session.resumable;
        int cost = payload.remaining() + ReplayLog.PREFIX_BYTES;
        SendQuotaSettings caps = quota;
        boolean suspended;
        Connection flushTarget = null;
        synchronized (session) {
            // A session closing on purpose still sends (its Disconnect goes last); one closed for good sends nothing.
            if (!state.opened || state.closedForGood || session.state() == SessionState.CLOSED) {
                return SendResult.CLOSED;
            }
            boolean fits = state.log.frames() < caps.maxPendingMessagesPerConnection()
                    && state.log.bytes() + cost <= caps.maxPendingBytesPerConnection()
                    && reserveGlobal(cost, caps);
            if (fits) {
                state.log.append(payload);
                Connection c = session.connection();
                if (c != null && !state.flushQueued) {
                    // One hand-off to the worker per burst: it copies every frame not yet wired, in the log's order.
                    state.flushQueued = true;
                    flushTarget = c;
                }
            }
            suspended = state.suspended;
            if (fits) {
                suspended = false;
            } else if (!suspended && caps.policy() != SendQuotaPolicy.DISCONNECT) {
                overQuota.increment();
                return caps.policy() == SendQuotaPolicy.REJECT ? SendResult.REJECTED : SendResult.DROPPED;
            } else {
                flushTarget = null;
                suspended = true;
            }
            if (!suspended) {
                if (flushTarget != null) {
                    state.flushConnection = flushTarget;
                    if (state.flushTask == null) {
                        state.flushTask = () -> flush(session);
                    }
                    BatchedSendThread shard = BatchedSendThread.current();
                    if (shard != null) {
                        // With the shard's batch: one hand-off per worker per batch, as for sessions without resumption.
                        shard.batch().runOnWorker(flushTarget, state.flushTask);
                    } else {
                        flushTarget.runOnWorker(state.flushTask);
                    }
                }
                return SendResult.QUEUED;
            }
        }
        backlogCloses.increment();
        if (refusalLog.admit()) {
            refusalLog.logger().info("{}: kept frames would pass the send quota ({}); closing for good", session,
                    state.suspended ? "suspended" : "attached");
        }
        closeForGood(session, CloseReason.RESUME_BACKLOG_EXCEEDED);
        return SendResult.DISCONNECTED;
    }

    /**
     * The attached connection's worker: hands it every kept frame not handed over yet, in order
     * (the connection copies each into its outbound chunks at once, on its own thread).
     */
    private void flush(Session session) {
        ResumableState state = session.resumable;
        synchronized (session) {
            Connection connection = state.flushConnection;
            state.flushQueued = false;
            if (session.connection() != connection || !connection.isWorkerThread()) {
                // Dropped or replaced since (a flush queued for the old connection, run on its worker): the
                // next connection gets these frames from its resume, or from the flush queued for it.
                return;
            }
            state.log.forEachAfter(state.wired, connection::send);
            state.wired = state.log.appended();
        }
    }

    private boolean reserveGlobal(int cost, SendQuotaSettings caps) {
        if (keptBytes.addAndGet(cost) <= caps.maxPendingBytesGlobal()) {
            return true;
        }
        keptBytes.addAndGet(-cost);
        return false;
    }

    /** The peer received {@code received} game frames: forget them. False when it claims more than were sent (a protocol error). Any thread. */
    boolean acknowledge(Session session, long received) {
        ResumableState state = session.resumable;
        synchronized (session) {
            if (received > state.log.appended() || received < 0) {
                return false;
            }
            if (received > state.log.acknowledged()) {
                keptBytes.addAndGet(-state.log.acknowledge(received));
            }
            return true;
        }
    }

    // ---- the I/O worker of the session's connection ----

    /** A new connection: its session is not open before its first frame, which may be a Resume of another session. */
    void opening(Connection connection) {
        connection.holdQuotaInSession();
    }

    /**
     * A frame arrived on {@code connection}, whose session is {@code session}. Returns true when the
     * frame was the resumption's own (handled here), false for a game frame, which it counted and
     * the caller hands to the session's shard. I/O worker; allocates only for control frames
     * other than Ack.
     */
    public boolean onFrame(Connection connection, Session session, ByteBuffer payload) {
        ResumableState state = session.resumable;
        int id = payload.remaining() >= MessageHeader.LENGTH ? MessageHeader.messageId(payload, payload.position()) : 0;
        if (state.oldestAccepted < state.resumedGeneration && state.opened) {
            // The client speaks after Resumed: it has the new token; the ones before it are now refused.
            synchronized (session) {
                state.oldestAccepted = Math.max(state.oldestAccepted, state.resumedGeneration);
            }
        }
        if (!state.opened) {
            if (state.resuming) {
                // Nothing may come between Resume and Resumed.
                connection.close(CloseReason.PROTOCOL_ERROR);
                return true;
            }
            if (id == RESUME_ID) {
                resume(connection, session, payload);
                return true;
            }
            open(connection, session);
        }
        switch (id) {
            case ACK_ID:
                long received = AckFrames.count(payload);
                if (received < 0 || !acknowledge(session, received)) {
                    session.close(CloseReason.PROTOCOL_ERROR, ErrorCode.ERROR_CODE_PROTOCOL_ERROR, "an Ack of frames never sent");
                }
                return true;
            case RESUME_ID:
            case RESUMED_ID:
            case SESSION_RESUMABLE_ID:
                session.close(CloseReason.PROTOCOL_ERROR, ErrorCode.ERROR_CODE_PROTOCOL_ERROR,
                        "message " + id + " is not for this point of the session");
                return true;
            case DISCONNECT_ID:
                // The client leaves for good: no grace period.
                closeForGood(session, CloseReason.PEER_LEFT);
                return true;
            default:
                long count = state.received + 1;
                state.received = count;
                if (count - state.acknowledgedToPeer >= settings.ackEveryFrames()) {
                    state.acknowledgedToPeer = count;
                    acksSent.increment();
                    // On the owner thread the connection copies the frame at once: the scratch buffer will do.
                    connection.send(AckFrames.encode(state.ackScratch.clear(), count));
                }
                return false;
        }
    }

    /** The client's first frame is not a Resume: the session opens, and learns its token first. */
    private void open(Connection connection, Session session) {
        ResumableState state = session.resumable;
        byte[] token;
        synchronized (session) {
            state.opened = true;
            token = issue(session, state);
        }
        connection.send(sessions.encoder().encode(SessionResumable.newBuilder().setResumeToken(ByteString.copyFrom(token))
                .setGraceMs((int) settings.graceMs()).build(), MessageHeader.NO_REQUEST));
        events.opened(session);
    }

    /** Under the session's lock: a new generation and its token. */
    private byte[] issue(Session session, ResumableState state) {
        state.generation++;
        long expires = System.currentTimeMillis() + settings.tokenLifetimeMs();
        state.tokenExpiresAtMs = expires;
        return tokens.issue(session.id(), state.generation, expires);
    }

    /** A Resume as the first frame of {@code connection}, whose own not-yet-open session is {@code provisional}. */
    private void resume(Connection connection, Session provisional, ByteBuffer payload) {
        Resume request;
        try {
            request = Resume.parseFrom(payload.duplicate().position(payload.position() + MessageHeader.LENGTH));
        } catch (InvalidProtocolBufferException e) {
            refuse(connection, Refusal.MALFORMED, -1);
            return;
        }
        ResumeTokens.Claim claim = tokens.verify(request.getResumeToken().toByteArray(), System.currentTimeMillis());
        if (claim.refusal() != null) {
            refuse(connection, claim.refusal(), -1);
            return;
        }
        Session target = sessions.get(claim.sessionId());
        if (target == null || target.resumable == null) {
            refuse(connection, closedSessions.refusalFor(claim.sessionId()), claim.sessionId());
            return;
        }
        ResumableState state = target.resumable;
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: Resume of session {} generation {} (accepted {} to {}), received {}", connection, target.id(),
                    claim.generation(), state.oldestAccepted, state.generation, request.getReceived());
        }
        Refusal refusal = null;
        Connection old = null;
        Connection abandoned = null;
        boolean completed = false;
        synchronized (target) {
            if (state.closedForGood || !target.isOpen()) {
                refusal = closedSessions.refusalFor(claim.sessionId());
            } else if (claim.generation() < state.oldestAccepted || claim.generation() > state.generation) {
                refusal = Refusal.ROTATED;
            } else if (request.getReceived() < state.log.acknowledged() || request.getReceived() > state.log.appended()) {
                refusal = Refusal.MALFORMED;
            } else {
                // The client holds this generation: older ones are refused from now on.
                state.oldestAccepted = claim.generation();
                // Whatever waited before is superseded by this newer connection.
                abandoned = state.takeover;
                if (target.connection() != null || state.suspendEventPending) {
                    // The attached connection (or the suspension's event) must finish first: it completes this resume.
                    old = target.connection();
                    state.takeover = connection;
                    state.takeoverReceived = request.getReceived();
                } else {
                    state.takeover = null;
                    complete(target, connection, request.getReceived());
                    completed = true;
                }
            }
        }
        if (refusal != null) {
            refuse(connection, refusal, claim.sessionId());
            return;
        }
        provisional.resumable.resuming = true;
        sessions.discard(provisional);
        if (abandoned != null) {
            abandoned.close(CloseReason.SESSION_REPLACED);
        }
        if (completed) {
            events.resumed(target);
        } else if (old != null) {
            takeovers.increment();
            old.close(CloseReason.SESSION_REPLACED);
        }
    }

    /**
     * Under the target's lock, on {@code connection}'s worker: attaches it, sends {@code Resumed}
     * (directly: it leaves first) and then every kept frame after {@code peerReceived}.
     */
    private void complete(Session target, Connection connection, long peerReceived) {
        ResumableState state = target.resumable;
        keptBytes.addAndGet(-state.log.acknowledge(peerReceived));
        byte[] token = issue(target, state);
        state.resumedGeneration = state.generation;
        if (state.suspended) {
            suspensionLengths.accept(System.nanoTime() - state.suspendedAtNanos);
        }
        state.suspended = false;
        target.attach(connection);
        connection.attach(target);
        long received = state.received;
        state.acknowledgedToPeer = received;
        connection.send(sessions.encoder().encode(Resumed.newBuilder().setResumeToken(ByteString.copyFrom(token))
                .setReceived(received).setGraceMs((int) settings.graceMs()).build(), MessageHeader.NO_REQUEST));
        replayedFrames.add(state.log.frames());
        // On the connection's own worker: each frame is copied at once, after Resumed, before anything sent later.
        state.log.forEach(connection::send);
        state.wired = state.log.appended();
        state.flushQueued = false;
        resumes.increment();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: session {} resumed at generation {}, {} frames sent again from {}", connection, target.id(), state.generation,
                    state.log.frames(), peerReceived);
        }
    }

    /** Answers a Resume with {@code Disconnect{refusal's code}} and closes its connection, whose own session never opens. */
    private void refuse(Connection connection, Refusal refusal, long sessionId) {
        refusals.get(refusal).increment();
        if (refusalLog.admit()) {
            CloseReason closedFor = sessionId < 0 ? null : closedSessions.reasonFor(sessionId);
            refusalLog.logger().info("{}: Resume{} refused: {}{}", connection, sessionId < 0 ? "" : " of session " + sessionId,
                    refusal, closedFor == null ? "" : " (the session closed: " + closedFor + ")");
        }
        if (connection.attachment() instanceof Session provisional && provisional.resumable != null) {
            provisional.resumable.resuming = true;
        }
        connection.send(sessions.encoder().encode(Disconnect.newBuilder().setCode(refusal.code())
                .setReason("resume refused: " + refusal.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).build(),
                MessageHeader.NO_REQUEST));
        connection.closeAfterSending(CloseReason.RESUME_REFUSED, sessions.disconnectLingerMs());
    }

    /**
     * The session's connection is closing (its worker). True when the session was suspended (the
     * caller does nothing more) or the connection was not the session's own any more; false when the
     * session ends with it (the caller closes it as without resumption).
     */
    public boolean onConnectionClosed(Connection connection, Session session, CloseReason reason) {
        ResumableState state = session.resumable;
        if (!state.opened) {
            // Never opened to handlers (refused, or became another session's connection): nothing to tell them.
            if (connection.attachment() == session) {
                sessions.forgetUnopened(session, reason);
            }
            return true;
        }
        synchronized (session) {
            if (session.connection() != connection) {
                return true;
            }
            if (state.closedForGood || !session.isOpen() || !isDrop(reason)) {
                state.closedForGood = true;
                closedSessions.remember(session.id(), reason);
                keptBytes.addAndGet(-state.log.clear());
                return false;
            }
            session.attach(null);
            state.suspended = true;
            state.suspendedAtNanos = System.nanoTime();
            state.suspendEventPending = true;
        }
        suspensions.increment();
        events.suspended(session);
        Connection next;
        long nextReceived;
        synchronized (session) {
            state.suspendEventPending = false;
            next = state.takeover;
            nextReceived = state.takeoverReceived;
            state.takeover = null;
        }
        if (next != null) {
            next.runOnWorker(() -> completeLater(session, next, nextReceived));
        }
        return true;
    }

    /** A takeover's second half, on the new connection's worker once the old one detached. */
    private void completeLater(Session session, Connection connection, long peerReceived) {
        ResumableState state = session.resumable;
        boolean completed = false;
        synchronized (session) {
            if (connection.isOpen() && !state.closedForGood && state.suspended && session.connection() == null
                    && peerReceived >= state.log.acknowledged() && peerReceived <= state.log.appended()) {
                complete(session, connection, peerReceived);
                completed = true;
            }
        }
        if (completed) {
            events.resumed(session);
        } else if (connection.isOpen()) {
            refuse(connection, closedSessions.refusalFor(session.id()), session.id());
        }
    }

    /** Drops that keep the session: the network's doing, not the peer's misbehaviour nor a close on purpose. */
    private static boolean isDrop(CloseReason reason) {
        return switch (reason) {
            case PEER_CLOSED, PEER_CLOSED_MID_FRAME, PEER_RESET, IO_ERROR, TLS_TRUNCATED, IDLE_TIMEOUT, SESSION_REPLACED -> true;
            default -> false;
        };
    }

    // ---- any thread ----

    /** Ends the session for good: nothing kept, a later Resume refused. Idempotent. */
    void closeForGood(Session session, CloseReason reason) {
        ResumableState state = session.resumable;
        Connection attached;
        synchronized (session) {
            if (state.closedForGood) {
                return;
            }
            state.closedForGood = true;
            closedSessions.remember(session.id(), reason);
            keptBytes.addAndGet(-state.log.clear());
            session.beginClosing();
            attached = session.connection();
            if (attached == null && state.opened) {
                session.closedWhileSuspended(reason);
            }
        }
        if (attached != null) {
            // Its close reaches onConnectionClosed, which finds the session closed for good: the usual close follows.
            attached.close(reason);
        } else if (state.opened) {
            sessions.closed(session, reason);
            events.closed(session, reason);
        }
    }

    /** The resumption timer: acks due, tokens to renew, grace periods passed. */
    void sweep() {
        long nowNanos = System.nanoTime();
        long nowMs = System.currentTimeMillis();
        long graceNanos = TimeUnit.MILLISECONDS.toNanos(settings.graceMs());
        for (Session session : sessions.all()) {
            ResumableState state = session.resumable;
            if (state == null || !state.opened) {
                continue;
            }
            if (state.suspended) {
                boolean expired;
                synchronized (session) {
                    expired = state.suspended && !state.closedForGood && nowNanos - state.suspendedAtNanos >= graceNanos;
                }
                if (expired) {
                    graceExpiries.increment();
                    closeForGood(session, CloseReason.RESUME_GRACE_EXPIRED);
                }
                continue;
            }
            Connection c = session.connection();
            if (c == null) {
                continue;
            }
            long received = state.received;
            if (received > state.acknowledgedToPeer) {
                state.acknowledgedToPeer = received;
                acksSent.increment();
                c.send(AckFrames.encode(ByteBuffer.allocate(32), received));
            }
            if (nowMs >= state.tokenExpiresAtMs - settings.tokenLifetimeMs() / 2) {
                byte[] token;
                synchronized (session) {
                    if (state.closedForGood || session.connection() != c) {
                        continue;
                    }
                    token = issue(session, state);
                }
                c.send(sessions.encoder().encode(SessionResumable.newBuilder().setResumeToken(ByteString.copyFrom(token))
                        .setGraceMs((int) settings.graceMs()).build(), MessageHeader.NO_REQUEST));
            }
        }
    }

    /** Attached sessions whose kept frames wait for their flush to the connection: a graceful stop waits for them. */
    public int flushesQueued() {
        int queued = 0;
        for (Session session : sessions.all()) {
            ResumableState state = session.resumable;
            if (state != null) {
                synchronized (session) {
                    if (state.flushQueued && session.connection() != null) {
                        queued++;
                    }
                }
            }
        }
        return queued;
    }

    /** Closes every suspended session ({@code SERVER_STOPPING}): a stopping server keeps nothing. */
    public void closeSuspended(CloseReason reason) {
        for (Session session : sessions.all()) {
            if (session.isSuspended()) {
                closeForGood(session, reason);
            }
        }
    }

    /** The received count to put in a Ping or Pong to the peer (and told as acknowledged). */
    long receivedForHeartbeat(Session session) {
        ResumableState state = session.resumable;
        long received = state.received;
        state.acknowledgedToPeer = received;
        return received;
    }

}

package io.gameport.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.SendResult;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.messages.Ack;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Resume;
import io.gameport.protocol.messages.Resumed;
import io.gameport.protocol.messages.SessionResumable;
import io.gameport.session.ReplayLog;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GameClient}'s resumable session: the messages it sent and the server has not
 * acknowledged ({@link ReplayLog}), the count of game frames received, the token, and the
 * reconnect loop. Sends append to the log and hand the frame to the attached connection through
 * its worker's queue, both under this object's lock, so the log's order is the wire's order
 * whichever threads send (the application's, the I/O worker answering a ping). Control frames
 * ({@code Ack}, {@code Resume}) are not counted and go out directly.
 */
final class ClientResumption {

    private static final Logger LOG = LoggerFactory.getLogger(ClientResumption.class);
    private static final int SESSION_RESUMABLE_ID = 6;
    private static final int ACK_ID = 7;
    private static final int RESUME_ID = 8;
    private static final int RESUMED_ID = 9;
    private static final int DISCONNECT_ID = 4;

    enum State { ATTACHED, SUSPENDED, LOST, CLOSED }

    private final GameClient client;
    private final ClientResumeSettings settings;
    private final SessionListener listener;
    private final ReplayLog log = new ReplayLog();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder suspensions = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    // Guarded by this object's lock.
    private State state = State.ATTACHED;
    /** Written under the lock, read by the I/O worker per frame without it. */
    private volatile Connection attached;
    /** A reconnect's connection waiting for Resumed. */
    private Connection resuming;
    /** When {@link #resuming} sent its Resume: a reply not heard within deadAfterMs means that connection is dead too. */
    private long resumingSinceNanos;
    private long droppedAtNanos;
    private CloseReason dropReason;
    // Written by the I/O worker of the attached connection.
    private volatile long received;
    private volatile long acknowledgedToPeer;
    private volatile long framesHeard;
    private volatile byte[] token;
    private volatile long graceMs;
    /** The server's first frame told whether it resumes (SessionResumable) or not (anything else). */
    private volatile boolean decided;
    private volatile boolean serverResumes;
    // The timer's own.
    private long framesSeen;
    private long lastHeardNanos = System.nanoTime();
    private long lastPingNanos;
    private ScheduledFuture<?> ticker;

    ClientResumption(GameClient client, ClientResumeSettings settings, SessionListener listener) {
        this.client = client;
        this.settings = settings;
        this.listener = listener;
    }

    // ---- counters ----

    long resumes() {
        return resumes.sum();
    }

    long suspensions() {
        return suspensions.sum();
    }

    long failedAttempts() {
        return failedAttempts.sum();
    }

    long replayedFrames() {
        return replayed.sum();
    }

    synchronized int keptFrames() {
        return log.frames();
    }

    synchronized boolean isSuspended() {
        return state == State.SUSPENDED;
    }

    // ---- the first connection ----

    /** The first connection opened (its I/O worker): asks the server at once whether the session resumes. */
    void firstOpened(Connection connection) {
        synchronized (this) {
            attached = connection;
        }
        // A Ping makes the server open the session now, and its first answer is SessionResumable or not.
        send(client.encode(Ping.getDefaultInstance(), MessageHeader.NO_REQUEST));
        ticker = client.timer().scheduleAtFixedRate(this::tick, settings.ackDelayMs(), settings.ackDelayMs(), TimeUnit.MILLISECONDS);
    }

    // ---- sending (any thread) ----

    SendResult send(ByteBuffer payload) {
        synchronized (this) {
            if (state == State.LOST || state == State.CLOSED) {
                return SendResult.CLOSED;
            }
            if (decided && !serverResumes) {
                return attached == null ? SendResult.CLOSED : attached.send(payload);
            }
            if (log.frames() >= settings.maxKeptFrames() || log.bytes() + payload.remaining() + ReplayLog.PREFIX_BYTES > settings.maxKeptBytes()) {
                return SendResult.REJECTED;
            }
            log.append(payload);
            if (state == State.ATTACHED && attached != null) {
                attached.sendInCallOrder(payload);
            }
            return SendResult.QUEUED;
        }
    }

    // ---- the I/O worker ----

    /** True when the frame was a control frame, handled here; false for a game frame (counted) the client handles. */
    boolean onFrame(Connection connection, ByteBuffer payload) {
        int id = payload.remaining() >= MessageHeader.LENGTH ? MessageHeader.messageId(payload, payload.position()) : 0;
        framesHeard++;
        if (connection != attachedConnection()) {
            return onResumingFrame(connection, id, payload);
        }
        switch (id) {
            case SESSION_RESUMABLE_ID:
                SessionResumable resumable = parse(payload, SessionResumable.parser());
                if (resumable == null) {
                    connection.close(CloseReason.PROTOCOL_ERROR);
                    return true;
                }
                token = resumable.getResumeToken().toByteArray();
                graceMs = resumable.getGraceMs();
                serverResumes = true;
                decided = true;
                return true;
            case ACK_ID:
                Ack ack = parse(payload, Ack.parser());
                if (ack == null || !acknowledge(ack.getReceived())) {
                    connection.close(CloseReason.PROTOCOL_ERROR);
                }
                return true;
            case RESUME_ID:
            case RESUMED_ID:
                connection.close(CloseReason.PROTOCOL_ERROR);
                return true;
            default:
                if (!decided) {
                    // The server's first frame is not SessionResumable: it does not resume; nothing to keep.
                    decided = true;
                    synchronized (this) {
                        log.clear();
                    }
                }
                if (serverResumes) {
                    long count = received + 1;
                    received = count;
                    if (count - acknowledgedToPeer >= settings.ackEveryFrames()) {
                        acknowledgedToPeer = count;
                        connection.send(client.encode(Ack.newBuilder().setReceived(count).build(), MessageHeader.NO_REQUEST));
                    }
                }
                return false;
        }
    }

    /** A frame on a reconnect's connection, before Resumed: Resumed, or a refusal. */
    private boolean onResumingFrame(Connection connection, int id, ByteBuffer payload) {
        if (id == RESUMED_ID) {
            Resumed resumed = parse(payload, Resumed.parser());
            if (resumed == null) {
                connection.close(CloseReason.PROTOCOL_ERROR);
            } else {
                onResumed(connection, resumed);
            }
            return true;
        }
        if (id == DISCONNECT_ID) {
            // The refusal: the session is gone; the server closes the connection next.
            Disconnect refusal = parse(payload, Disconnect.parser());
            client.keepDisconnect(refusal);
            LOG.debug("{}: resume refused: {} {}", connection, refusal == null ? "?" : refusal.getCode(),
                    refusal == null ? "" : refusal.getReason());
            lose(refusal == null ? CloseReason.PROTOCOL_ERROR : switch (refusal.getCode()) {
                case ERROR_CODE_SESSION_EXPIRED -> CloseReason.RESUME_GRACE_EXPIRED;
                case ERROR_CODE_BACKLOG_EXCEEDED -> CloseReason.RESUME_BACKLOG_EXCEEDED;
                default -> CloseReason.PEER_CLOSED;
            });
            connection.close(CloseReason.LOCAL_CLOSE);
            return true;
        }
        connection.close(CloseReason.PROTOCOL_ERROR);
        return true;
    }

    private void onResumed(Connection connection, Resumed resumed) {
        synchronized (this) {
            if (state != State.SUSPENDED || resuming != connection) {
                connection.close(CloseReason.LOCAL_CLOSE);
                return;
            }
            if (resumed.getReceived() < log.acknowledged() || resumed.getReceived() > log.appended()) {
                connection.close(CloseReason.PROTOCOL_ERROR);
                return;
            }
            log.acknowledge(resumed.getReceived());
            token = resumed.getResumeToken().toByteArray();
            graceMs = resumed.getGraceMs();
            resuming = null;
            attached = connection;
            state = State.ATTACHED;
            client.attached(connection);
            replayed.add(log.frames());
            // The log's buffers are views valid only during the call, and these sends are queued: each gets a copy.
            log.forEach(frame -> connection.sendInCallOrder(copyOf(frame)));
        }
        // Says at once that Resumed arrived: the server then refuses the token this resume used.
        acknowledgedToPeer = received;
        connection.send(client.encode(Ack.newBuilder().setReceived(received).build(), MessageHeader.NO_REQUEST));
        resumes.increment();
        try {
            listener.resumed(client);
        } catch (RuntimeException e) {
            LOG.error("{}: session listener failed on resumed", connection, e);
        }
    }

    private boolean acknowledge(long count) {
        synchronized (this) {
            if (count > log.appended() || count < 0) {
                return false;
            }
            if (count > log.acknowledged()) {
                log.acknowledge(count);
            }
            return true;
        }
    }

    /** A Ping from the server carries its count: an acknowledgement. I/O worker. */
    void acknowledgedByHeartbeat(long count, Connection connection) {
        if (count != 0 && !acknowledge(count) && connection != null) {
            connection.close(CloseReason.PROTOCOL_ERROR);
        }
    }

    /** The count to put in a Pong or Ping (it acknowledges). */
    long receivedForHeartbeat() {
        long count = received;
        acknowledgedToPeer = count;
        return count;
    }

    /**
     * A connection of this client closed (its I/O worker). True when the session goes on (suspended,
     * reconnecting, or the connection was a stale one); false when it ends here and the client
     * closes as without resumption.
     */
    boolean onConnectionClosed(Connection connection, CloseReason reason) {
        boolean suspend;
        synchronized (this) {
            if (connection == resuming) {
                // A reconnect that opened but did not resume: try again while there is time.
                resuming = null;
                if (state == State.SUSPENDED) {
                    failedAttempts.increment();
                    scheduleAttempt(1);
                }
                return state == State.SUSPENDED;
            }
            if (connection != attached) {
                return state == State.SUSPENDED || state == State.ATTACHED;
            }
            attached = null;
            client.attached(null);
            if (state != State.ATTACHED) {
                return false;
            }
            suspend = serverResumes && token != null && client.disconnect() == null && reason != CloseReason.PROTOCOL_ERROR;
            if (suspend) {
                state = State.SUSPENDED;
                droppedAtNanos = System.nanoTime();
                dropReason = reason;
            } else {
                state = State.LOST;
            }
        }
        if (!suspend) {
            stopTicker();
            if (serverResumes) {
                notifyLost(reason);
            }
            return false;
        }
        suspensions.increment();
        try {
            listener.suspended(client, reason);
        } catch (RuntimeException e) {
            LOG.error("{}: session listener failed on suspended", connection, e);
        }
        scheduleAttempt(0);
        return true;
    }

    /** Schedules reconnect attempt {@code attempt} (0 first) after its jittered back-off, or loses the session past the grace period. Under the lock or not. */
    private void scheduleAttempt(int attempt) {
        long backoff = attempt == 0 ? 0 : Math.min(settings.maxBackoffMs(), settings.firstBackoffMs() << Math.min(attempt - 1, 20));
        long delayMs = backoff / 2 + (backoff > 1 ? ThreadLocalRandom.current().nextLong(backoff / 2 + 1) : backoff);
        long deadline = droppedAtNanos + TimeUnit.MILLISECONDS.toNanos(graceMs);
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs) - deadline >= 0) {
            client.timer().execute(() -> lose(dropReason));
            return;
        }
        client.timer().schedule(() -> attempt(attempt), delayMs, TimeUnit.MILLISECONDS);
    }

    private void attempt(int attempt) {
        synchronized (this) {
            if (state != State.SUSPENDED || resuming != null) {
                return;
            }
        }
        client.reconnect().whenComplete((connection, failure) -> {
            if (failure != null) {
                failedAttempts.increment();
                synchronized (this) {
                    if (state == State.SUSPENDED) {
                        scheduleAttempt(attempt + 1);
                    }
                }
            }
        });
    }

    /** A reconnect's connection opened (its I/O worker): the Resume is its first frame. */
    void reconnected(Connection connection) {
        byte[] presented;
        long count;
        synchronized (this) {
            if (state != State.SUSPENDED || resuming != null) {
                connection.close(CloseReason.LOCAL_CLOSE);
                return;
            }
            resuming = connection;
            resumingSinceNanos = System.nanoTime();
            presented = token;
            count = received;
        }
        acknowledgedToPeer = count;
        connection.send(client.encode(Resume.newBuilder().setResumeToken(ByteString.copyFrom(presented)).setReceived(count).build(),
                MessageHeader.NO_REQUEST));
    }

    /** The session is gone: pending requests fail, the listener and the close listener run. Once. */
    void lose(CloseReason reason) {
        Connection pending;
        synchronized (this) {
            if (state == State.LOST || state == State.CLOSED) {
                return;
            }
            state = State.LOST;
            pending = resuming;
            resuming = null;
            log.clear();
        }
        stopTicker();
        if (pending != null) {
            pending.close(CloseReason.LOCAL_CLOSE);
        }
        notifyLost(reason);
        client.finish(reason);
    }

    private void notifyLost(CloseReason reason) {
        try {
            listener.lost(client, reason);
        } catch (RuntimeException e) {
            LOG.error("session listener failed on lost", e);
        }
    }

    /**
     * The application closes the client: tells the server it leaves ({@code Disconnect}) when
     * attached, so the session is not kept for nothing. True when the close listener will run from a
     * connection's close, false when the caller must finish (no connection).
     */
    boolean close() {
        Connection c;
        Connection pending;
        State before;
        synchronized (this) {
            before = state;
            if (state == State.CLOSED || state == State.LOST) {
                return true;
            }
            state = State.CLOSED;
            c = attached;
            pending = resuming;
            resuming = null;
        }
        stopTicker();
        if (pending != null) {
            pending.close(CloseReason.LOCAL_CLOSE);
        }
        // Not decided yet (closed before the server's first answer): the session may be resumable, so say goodbye too.
        if (c != null && (serverResumes || !decided) && before == State.ATTACHED) {
            c.sendInCallOrder(client.encode(Disconnect.getDefaultInstance(), MessageHeader.NO_REQUEST));
            c.closeAfterSending(CloseReason.LOCAL_CLOSE, 1_000);
            return true;
        }
        if (c != null) {
            c.close();
            return true;
        }
        return false;
    }

    /** The client's timer: acks due, a ping after silence, a dead connection dropped. */
    private void tick() {
        long now = System.nanoTime();
        Connection c;
        Connection unanswered = null;
        synchronized (this) {
            c = state == State.ATTACHED ? attached : null;
            if (state == State.SUSPENDED && resuming != null) {
                if (resuming.tlsHandshaking()) {
                    resumingSinceNanos = now; // see below: the handshake has a deadline of its own
                } else if (now - resumingSinceNanos >= TimeUnit.MILLISECONDS.toNanos(settings.deadAfterMs())) {
                    unanswered = resuming;
                }
            }
        }
        if (unanswered != null) {
            // A reconnect can be black-holed as its predecessor was: without this it would wait for a
            // Resumed forever. Closing it tries again with the same token, which the server accepts until
            // the Ack that follows a Resumed it sent (see the protocol's resume handshake).
            LOG.debug("{}: no answer to Resume within {} ms; trying a new connection", unanswered, settings.deadAfterMs());
            unanswered.close(CloseReason.IDLE_TIMEOUT);
            return;
        }
        if (c == null) {
            return;
        }
        long heard = framesHeard;
        if (heard != framesSeen) {
            framesSeen = heard;
            lastHeardNanos = now;
        }
        if (serverResumes) {
            long count = received;
            if (count > acknowledgedToPeer) {
                acknowledgedToPeer = count;
                c.send(client.encode(Ack.newBuilder().setReceived(count).build(), MessageHeader.NO_REQUEST));
            }
        }
        if (c.tlsHandshaking()) {
            // No frame can come before the handshake ends, and it has a deadline of its own
            // (TlsSettings.handshakeTimeoutMillis). Counting it as silence dropped connections whose
            // handshakes waited behind a busy server's, and every reconnect added another handshake.
            lastHeardNanos = now;
            return;
        }
        long silent = now - lastHeardNanos;
        if (silent >= TimeUnit.MILLISECONDS.toNanos(settings.deadAfterMs())) {
            LOG.debug("{}: nothing heard for {} ms; dropping the connection to resume on a new one", c,
                    TimeUnit.NANOSECONDS.toMillis(silent));
            lastHeardNanos = now;
            c.close(CloseReason.IDLE_TIMEOUT);
        } else if (silent >= TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs())
                && now - lastPingNanos >= TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs())) {
            lastPingNanos = now;
            send(client.encode(Ping.newBuilder().setSentAtMs(System.currentTimeMillis()).setReceived(receivedForHeartbeat()).build(),
                    MessageHeader.NO_REQUEST));
        }
    }

    private void stopTicker() {
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
    }

    private Connection attachedConnection() {
        return attached;
    }

    private static <T> T parse(ByteBuffer payload, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(payload.duplicate().position(payload.position() + MessageHeader.LENGTH));
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static ByteBuffer copyOf(ByteBuffer frame) {
        return ByteBuffer.allocate(frame.remaining()).put(frame).flip();
    }
}

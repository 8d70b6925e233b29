package io.gameport.session;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.SendResult;
import io.gameport.protocol.FrameCodec;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A player's connection as game code sees it: id, remote address, attributes, state, last
 * activity, and sends that go through the send quota.
 *
 * <p>Threads: a session's events are handled on its shard thread, so state the game keeps for
 * one session can live in attributes or in the handler's own maps without locks. Every public
 * method may nevertheless be called from any thread (a room's tick, a timer): sends go through
 * {@link Connection#send}, which is thread-safe, and attributes are a concurrent map.
 *
 * <p>Order: frames sent to a session from one thread leave in the order sent. Sends made on a
 * shard thread are collected and handed to the I/O worker at the end of the shard's batch, so a
 * send from a shard and a send from another thread (a timer, a room loop) are not ordered with
 * each other; send a session's related messages from one thread.
 *
 * <p>Every send returns the {@link SendResult} of the quota: {@code QUEUED}, or what the
 * configured policy did when the session's (or the server's) pending bytes are over their cap:
 * {@code REJECTED} (nothing sent, the caller decides), {@code DROPPED} (nothing sent, counted),
 * {@code DISCONNECTED} (the slow client is being closed); {@code CLOSED} once the session closes.
 *
 * <p>The framework's own bookkeeping on a session (frame counts, close states, the dispatch
 * stage's budgets) is reached through {@link SessionInternals}, not through this class.
 */
public final class Session {

    private static final VarHandle INBOUND_FRAMES;
    private static final VarHandle QUEUED_LARGE_FRAME_BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            INBOUND_FRAMES = lookup.findVarHandle(Session.class, "inboundFrames", long.class);
            QUEUED_LARGE_FRAME_BYTES = lookup.findVarHandle(Session.class, "queuedLargeFrameBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    /** The attached connection; with resumption, replaced by a resume and null while suspended (changed under this session's lock). */
    private volatile Connection connection;
    private final MessageEncoder encoder;
    private volatile InetSocketAddress remoteAddress;
    /** Resumption's per-session state, or null on a server without resumption (the only check the plain path pays). */
    final ResumableState resumable;
    /** The reason of the close for good of a session that closed while suspended (it has no connection to ask). */
    private volatile CloseReason suspendedCloseReason;
    /** {@link System#nanoTime()} when the session opened: the start of its authentication deadline. */
    private final long openedAtNanos;
    private final int disconnectLingerMs;
    private final ConcurrentHashMap<AttributeKey<?>, Object> attributes = new ConcurrentHashMap<>(4);
    private volatile SessionState state = SessionState.CONNECTED;
    /** Written only by the connection's I/O worker (release), read by the idle monitor (acquire). */
    @SuppressWarnings("unused")
    private long inboundFrames;
    /** Added to by the connection's I/O worker, subtracted from by the shard: atomic adds only. */
    @SuppressWarnings("unused")
    private long queuedLargeFrameBytes;
    /** Written only by the idle monitor's thread. */
    private volatile long lastActivityNanos;
    long frameCountSeen;
    long lastPingNanos;
    /** The frame processor's own per-session state (its limits' buckets); its shard thread only. */
    private Object processorState;

    Session(Connection connection, MessageEncoder encoder, long nowNanos, int disconnectLingerMs, Resumption resumption) {
        this.id = connection.id();
        this.connection = connection;
        this.resumable = resumption == null ? null : new ResumableState(resumption);
        this.encoder = encoder;
        this.remoteAddress = connection.remoteAddress();
        this.lastActivityNanos = nowNanos;
        this.openedAtNanos = nowNanos;
        this.disconnectLingerMs = disconnectLingerMs;
    }

    /**
     * Unique for the server's lifetime: the id of the connection that opened the session, kept for
     * the session's whole life when it is resumed on other connections.
     */
    public long id() {
        return id;
    }

    /** The peer's address on the connection attached now (or last, while suspended). */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * True while a resumable session has no connection: it dropped and the client may still resume
     * it within the grace period. Sends are kept meanwhile. Always false without resumption.
     */
    public boolean isSuspended() {
        ResumableState r = resumable;
        return r != null && r.suspended;
    }

    public SessionState state() {
        return state;
    }

    public boolean isOpen() {
        SessionState s = state;
        return s == SessionState.CONNECTED || s == SessionState.AUTHENTICATED;
    }

    /**
     * Game code marks the session authenticated after its login succeeded; from then on the
     * authentication deadline ({@link SessionSettings#authDeadlineMs()}) no longer applies to it.
     * No effect once closing. Any thread.
     */
    public synchronized void markAuthenticated() {
        if (state == SessionState.CONNECTED) {
            state = SessionState.AUTHENTICATED;
        }
    }

    /**
     * {@link System#nanoTime()} of the last inbound frame, to the precision of the idle check
     * period: the I/O worker only bumps a counter per frame, and the idle monitor turns counter
     * changes into times, which keeps clock reads off the per-frame path.
     */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Frames received from the peer so far. */
    long inboundFrames() {
        return (long) INBOUND_FRAMES.getAcquire(this);
    }

    public <T> T attribute(AttributeKey<T> key) {
        return key.cast(attributes.get(key));
    }

    /** Sets (or with {@code null} removes) an attribute; returns the previous value. */
    public <T> T attribute(AttributeKey<T> key, T value) {
        Object previous = value == null ? attributes.remove(key) : attributes.put(key, value);
        return key.cast(previous);
    }

    /** Sends a message that is not a response (request id 0). */
    public SendResult send(Message message) {
        return send(message, MessageHeader.NO_REQUEST);
    }

    /** Sends {@code response} as the answer to the request with id {@code requestId}. */
    public SendResult reply(int requestId, Message response) {
        return send(response, requestId);
    }

    private SendResult send(Message message, int requestId) {
        if (resumable != null) {
            // The replay log copies the bytes at once (and sends them in its order): a scratch buffer will do.
            ByteBuffer scratch = CopiedEncodeScratch.take(encoder.encodedLength(message));
            encoder.encodeInto(message, requestId, scratch);
            return resumable.resumption.send(this, scratch.flip());
        }
        BatchedSendThread shard = BatchedSendThread.current();
        if (shard == null) {
            // Off a shard the worker copies the bytes later: they need a buffer of their own.
            return connection.send(encoder.encode(message, requestId));
        }
        // On a shard the batch copies the bytes at once, so the shard's scratch buffer will do.
        ByteBuffer payload = shard.scratch(encoder.encodedLength(message));
        encoder.encodeInto(message, requestId, payload);
        return connection.send(payload.flip(), shard.batch());
    }

    /**
     * Sends a payload encoded earlier (e.g. once for many sessions). Its bytes must never change
     * after this call: off a shard they are copied later, on the connection's I/O worker.
     */
    public SendResult sendEncoded(ByteBuffer payload) {
        if (resumable != null) {
            // The replay log copies the bytes at once.
            return resumable.resumption.send(this, payload);
        }
        BatchedSendThread shard = BatchedSendThread.current();
        // On a shard the frame joins the shard's batch (copied now, handed to the worker at the
        // end of the Disruptor batch); elsewhere it goes to the worker on its own.
        return shard != null ? connection.send(payload, shard.batch()) : connection.send(payload);
    }

    /**
     * Encodes {@code message} with {@code codec} and sends it. On a shard it is encoded into the
     * shard's scratch buffer (the batch copies it); a resumable session's into a scratch buffer of
     * the calling thread (its replay log copies it); elsewhere into a buffer of its own.
     */
    public <T> SendResult send(FrameCodec<T> codec, T message) {
        int length = codec.encodedLength(message);
        if (resumable != null) {
            // The replay log copies the bytes at once: a scratch buffer will do.
            ByteBuffer payload = CopiedEncodeScratch.take(length);
            codec.encode(message, payload);
            return resumable.resumption.send(this, payload.flip());
        }
        BatchedSendThread shard = BatchedSendThread.current();
        ByteBuffer payload = shard != null ? shard.scratch(length) : ByteBuffer.allocate(length);
        codec.encode(message, payload);
        payload.flip();
        return shard != null ? connection.send(payload, shard.batch()) : connection.send(payload);
    }

    /** Bytes queued or in flight to this session: its share of the send quota. */
    public long pendingBytes() {
        if (resumable != null) {
            synchronized (this) {
                return resumable.log.bytes();
            }
        }
        return connection.pendingBytes();
    }

    /** Frames queued or in flight to this session (a resumable session: kept until acknowledged). */
    public int pendingFrames() {
        if (resumable != null) {
            synchronized (this) {
                return resumable.log.frames();
            }
        }
        return connection.pendingFrames();
    }

    /** Closes the session at once, without a word to the peer; frames not yet sent are discarded. Idempotent, any thread. */
    public void close(CloseReason reason) {
        if (resumable != null) {
            resumable.resumption.closeForGood(this, reason);
            return;
        }
        beginClosing();
        connection.close(reason);
    }

    /**
     * Closes the session on purpose and tells the peer why: a {@code Disconnect{code, text}} is
     * sent after the frames already sent to it from this thread, then the connection closes once
     * they are out, or after {@link SessionSettings#disconnectLingerMs()} if the peer does not read.
     * Nothing the peer sends afterwards is handled. Never blocks. Only the first close of a session
     * counts: later calls do nothing. Any thread, e.g. to tell a displaced player
     * {@code session.close(CloseReason.LOCAL_CLOSE, ErrorCode.ERROR_CODE_SESSION_REPLACED, "entered elsewhere")}.
     */
    public void close(CloseReason reason, ErrorCode code, String text) {
        if (resumable != null && connection == null) {
            // Suspended: nobody to tell.
            close(reason);
            return;
        }
        if (!beginClosingIfOpen()) {
            return;
        }
        SendResult sent;
        try {
            sent = send(Disconnect.newBuilder().setCode(code).setReason(text).build(), MessageHeader.NO_REQUEST);
        } catch (RuntimeException e) {
            // A text too long for a frame: the close must still happen.
            sent = SendResult.REJECTED;
        }
        BatchedSendThread shard = BatchedSendThread.current();
        if (shard != null) {
            // The batch's frames (this Disconnect among them) must reach the worker before the close does.
            shard.batch().flush();
        }
        Connection c = connection;
        if (c == null) {
            // Suspended since: close for good.
            resumable.resumption.closeForGood(this, reason);
        } else if (sent == SendResult.QUEUED) {
            c.closeAfterSending(reason, disconnectLingerMs);
        } else {
            c.close(reason);
        }
    }

    /** {@link System#nanoTime()} when the session opened. */
    long openedAtNanos() {
        return openedAtNanos;
    }

    /** Why the connection closed, or null while open. */
    public CloseReason closeReason() {
        CloseReason suspended = suspendedCloseReason;
        if (suspended != null) {
            return suspended;
        }
        Connection c = connection;
        return c == null ? null : c.closeReason();
    }

    /** The connection attached now, or null while suspended. */
    Connection connection() {
        return connection;
    }

    /** Under this session's lock: a resume attached {@code c} (or null: suspended). */
    void attach(Connection c) {
        connection = c;
        if (c != null && c.remoteAddress() != null) {
            remoteAddress = c.remoteAddress();
        }
    }

    /** The session closed for good while it had no connection. */
    void closedWhileSuspended(CloseReason reason) {
        suspendedCloseReason = reason;
    }

    private synchronized boolean beginClosingIfOpen() {
        if (state == SessionState.CONNECTED || state == SessionState.AUTHENTICATED) {
            state = SessionState.CLOSING;
            return true;
        }
        return false;
    }

    /** The connection is closing. */
    synchronized void beginClosing() {
        if (state == SessionState.CONNECTED || state == SessionState.AUTHENTICATED) {
            state = SessionState.CLOSING;
        }
    }

    /** Shard thread: the shard has taken the session's close event. */
    synchronized void markClosed() {
        state = SessionState.CLOSED;
    }

    /** The connection's I/O worker only: one more frame arrived. */
    void countInboundFrame() {
        INBOUND_FRAMES.setRelease(this, (long) INBOUND_FRAMES.getOpaque(this) + 1);
    }

    /**
     * Heap held by this session's frames that were too large for a ring slot's own buffer, published
     * to its shard and not yet handled. Capped by {@code DispatchSettings.maxLargeFrameBytesPerSession}.
     */
    long queuedLargeFrameBytes() {
        return (long) QUEUED_LARGE_FRAME_BYTES.getVolatile(this);
    }

    /** Dispatch stage: reserves (positive) or returns (negative) large-frame bytes; returns the new total. */
    long addQueuedLargeFrameBytes(long delta) {
        return (long) QUEUED_LARGE_FRAME_BYTES.getAndAdd(this, delta) + delta;
    }

    /** The session's shard thread only: state the frame processor keeps for this session, or null. */
    Object processorState() {
        return processorState;
    }

    /** The session's shard thread only. */
    void processorState(Object state) {
        processorState = state;
    }

    void lastActivityNanos(long nanos) {
        lastActivityNanos = nanos;
    }

    @Override
    public String toString() {
        return "session " + id + (remoteAddress == null ? "" : " from " + remoteAddress);
    }
}

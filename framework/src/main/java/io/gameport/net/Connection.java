package io.gameport.net;

import io.gameport.transport.Completions;
import io.gameport.transport.DirectMemoryExhaustedException;
import io.gameport.transport.Outcome;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's state machine. At most one receive and one send are in flight, so a socket's
 * bytes are never reordered although completions of different sockets run on different workers.
 * A count of pending operations decides when the connection's resources (outbound chunks, the
 * socket handle's slot, its quota) are released: once, after the last completion, never while
 * the kernel may still read or write the connection's memory.
 *
 * <p>Threads: {@link #send}, {@link #close()} and the accessors may be called from any thread;
 * everything else runs on the owning {@link IoWorker}'s thread.
 */
public final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    static final int CONNECTING = 0;
    static final int OPEN = 1;
    static final int CLOSING = 2;
    static final int CLOSED = 3;

    private static final int FIRST_BACKOFF_MS = 10;
    private static final int MAX_BACKOFF_MS = 1000;

    private final long id;
    private final IoWorker worker;
    private final ConnectionHandler handler;
    final int slot;
    final int generation;
    /** The decoder of this connection's frames and where they go. */
    private final InboundFrames inbound;
    private final OutboundBuffer outbound;
    private final ConnectionQuota quota = new ConnectionQuota();

    long socket = -1;
    private volatile int state = CONNECTING;
    private volatile CloseReason closeReason;
    private volatile Object attachment;
    private InetSocketAddress remoteAddress;
    private int pendingOps;
    private boolean receiveArmed;
    private boolean sendInFlight;
    /** A send failed for want of kernel resources and its retry is scheduled: nothing is sent before it. */
    private boolean sendRetryPending;
    /** A receive failed for want of kernel resources and its retry is scheduled: nothing re-arms the receive before it. */
    private boolean receiveRetryPending;
    boolean flushQueued;
    /** The listening worker that counted this accepted connection against its caps, or null (refused, or a client connection). */
    IoWorker admittedBy;
    java.net.InetAddress admittedAddress;
    private int receiveBackoffMs;
    private int sendBackoffMs;
    private long offeredBytes;
    /** A close waiting for the queued frames to leave ({@link #closeAfterSending}); null otherwise. Worker thread. */
    private CloseReason closeWhenSent;
    /** The linger of a purposeful close, disarmed when the connection is released. */
    private Deadline linger;
    /** The peer probe found the peer's end of stream unreported once; a second time closes ({@link #endOfStreamUnreported}). */
    private boolean probeFoundPeerEnd;
    /**
     * A purposeful close's last byte is sent and our side half-closed: the peer's bytes are read and
     * dropped until its end of stream or the linger. Closing with unread bytes would make the kernel
     * answer with a reset and discard what it had not transmitted yet, the goodbye among them.
     */
    private boolean draining;
    /** The TLS layer, or null for a plaintext connection (the only check the plaintext path pays). */
    private TlsStage tls;
    /** The host a client connection asked for: its TLS peer name. Null for accepted connections. */
    String requestedHost;
    /**
     * The frames sent on this connection are admitted by its session's replay log instead (a
     * resumable session keeps every frame until the peer acknowledges it, which bounds what can be
     * queued here): they are counted in the quota but never refused by it. Set once, before the first send.
     */
    private volatile boolean quotaHeldBySession;

    Connection(long id, IoWorker worker, ConnectionHandler handler, int slot, int generation, int maxFrameBytes, ChunkPool pool,
               PartialFrameBudget partialFrames) {
        this.id = id;
        this.worker = worker;
        this.handler = handler;
        this.slot = slot;
        this.generation = generation;
        this.inbound = new InboundFrames(this, handler, worker, new FrameDecoder(maxFrameBytes, partialFrames));
        this.outbound = new OutboundBuffer(pool);
    }

    /** A server-wide unique id, never reused. */
    public long id() {
        return id;
    }

    /** The peer's address, or null if the socket has already gone. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    public boolean isOpen() {
        return state == OPEN;
    }

    /** Why the connection closed, or null while it is open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        attachment = value;
    }

    /** Frames queued or in flight on this connection (its share of the send quota). */
    public int pendingFrames() {
        return quota.pendingFrames();
    }

    /** Bytes queued or in flight on this connection, length prefixes included. */
    public long pendingBytes() {
        return quota.pendingBytes();
    }

    /**
     * Queues one frame: a 4-byte length, then {@code payload}'s bytes from position to limit. The
     * payload's position is not moved and its bytes must not change until they are copied, which
     * happens on this connection's worker (at once when called there); the same buffer may be
     * passed to many connections, as a broadcast does. Any thread.
     */
    public SendResult send(ByteBuffer payload) {
        int length = payload.remaining();
        SendResult refused = admit(length);
        if (refused != null) {
            return refused;
        }
        if (worker.isOwnerThread()) {
            appendFrame(payload, payload.position(), length);
        } else {
            worker.execute(new WorkerCommand.Send(this, payload, payload.position(), length));
        }
        return SendResult.QUEUED;
    }

    /**
     * Queues one frame through the worker's command queue even when called on the worker's own
     * thread, so frames sent this way from any threads reach the socket in the order of the calls
     * (a caller that serializes its calls gets exactly its order on the wire). A resumable
     * session's game frames go this way: their order on the wire is their count. Same contract as
     * {@link #send(ByteBuffer)} otherwise.
     */
    public SendResult sendInCallOrder(ByteBuffer payload) {
        int length = payload.remaining();
        SendResult refused = admit(length);
        if (refused != null) {
            return refused;
        }
        worker.execute(new WorkerCommand.Send(this, payload, payload.position(), length));
        return SendResult.QUEUED;
    }

    /**
     * From now on this connection's sends are never refused by the send quota (still counted in
     * it): they are bounded by its session's replay log, which admits them against the session's
     * caps (see {@code io.gameport.session.ResumeSettings}). Call before the first send; any thread.
     */
    public void holdQuotaInSession() {
        quotaHeldBySession = true;
    }

    IoWorker worker() {
        return worker;
    }

    /** True when the calling thread is this connection's I/O worker. */
    public boolean isWorkerThread() {
        return worker.isOwnerThread();
    }

    /** Runs {@code task} on this connection's I/O worker, after the commands queued before it; dropped if the worker died. Any thread. */
    public void runOnWorker(Runnable task) {
        worker.execute((WorkerTask) task::run);
    }

    /**
     * Like {@link #send(ByteBuffer)}, but the frame reaches the worker with the rest of
     * {@code batch} when its owner flushes it (one hand-off per worker instead of one per frame).
     * The quota is taken and the policy applied now; the payload is copied into the batch now, so
     * the caller may reuse its buffer at once. Called by the batch's owner thread.
     */
    public SendResult send(ByteBuffer payload, SendBatch batch) {
        int length = payload.remaining();
        SendResult refused = admit(length);
        if (refused != null) {
            return refused;
        }
        batch.add(worker, this, payload, length);
        return SendResult.QUEUED;
    }

    /** Takes quota for one frame; null when taken, else why not: closed, or what the policy did (nothing was taken). */
    private SendResult admit(int payloadLength) {
        if (state != OPEN) {
            return SendResult.CLOSED;
        }
        SendQuota sendQuota = worker.sendQuota();
        if (quotaHeldBySession) {
            // Admitted by the session's own caps: counted (pending bytes, a stop's wait), never refused here.
            sendQuota.acquireUnchecked(quota, payloadLength + FrameDecoder.HEADER_BYTES);
            return null;
        }
        if (sendQuota.tryAcquire(quota, payloadLength + FrameDecoder.HEADER_BYTES)) {
            return null;
        }
        SendResult result = sendQuota.applyPolicy();
        if (result == SendResult.DISCONNECTED) {
            close(CloseReason.SEND_QUOTA_EXCEEDED);
        }
        return result;
    }

    /** Closes the connection; queued frames not yet sent are discarded. Idempotent, any thread. */
    public void close() {
        close(CloseReason.LOCAL_CLOSE);
    }

    /** Closes with a reason; idempotent, any thread. */
    public void close(CloseReason reason) {
        if (worker.isOwnerThread()) {
            startClose(reason);
        } else if (state < CLOSING) {
            worker.execute(new WorkerCommand.Close(this, reason));
        }
    }

    /**
     * Closes with {@code reason} once the frames queued before this call have been sent, or after
     * {@code lingerMs} if they have not (a peer that does not read cannot hold the connection open);
     * frames the peer sends meanwhile are not delivered. Frames sent earlier from the calling thread
     * are queued before this, so a goodbye message sent just before it leaves before the close.
     * Any thread; idempotent; never blocks.
     */
    public void closeAfterSending(CloseReason reason, int lingerMs) {
        if (worker.isOwnerThread()) {
            startCloseAfterSending(reason, lingerMs);
        } else if (state < CLOSING) {
            worker.execute((WorkerTask) () -> startCloseAfterSending(reason, lingerMs));
        }
    }

    @Override
    public String toString() {
        return "connection " + id + (remoteAddress == null ? "" : " from " + remoteAddress);
    }

    /**
     * True while this connection's TLS handshake is under way; false for plaintext and once the
     * handshake is done. Any thread that has seen the connection open (its handler's onOpen happened
     * before, through a lock or a volatile): the TLS stage is made before onOpen and never replaced.
     */
    public boolean tlsHandshaking() {
        TlsStage stage = tls;
        return stage != null && !stage.handshakeDone();
    }

    // ---- worker thread only below ----

    /** The TLS session once its handshake is done, or null (plaintext, or still handshaking). */
    public javax.net.ssl.SSLSession tlsSession() {
        TlsStage stage = tls;
        return stage != null && stage.handshakeDone() ? stage.session() : null;
    }

    /** The socket is connected and owned by this worker: start receiving. */
    void open(long socketHandle, InetSocketAddress remote) {
        socket = socketHandle;
        remoteAddress = remote;
        io.gameport.tls.TlsContext tlsContext = worker.tlsContext();
        if (tlsContext != null) {
            String host = requestedHost != null ? requestedHost : remote == null ? null : remote.getHostString();
            tls = new TlsStage(this, worker, tlsContext, tlsContext.newEngine(host, remote == null ? -1 : remote.getPort()));
        }
        state = OPEN;
        try {
            handler.onOpen(this);
        } catch (RuntimeException e) {
            LOG.error("{}: onOpen handler threw", this, e);
            startClose(CloseReason.HANDLER_ERROR);
            return;
        }
        if (state == OPEN) {
            armReceive();
            if (tls != null) {
                tls.start();
            }
        }
    }

    /** An accepted socket over a connection cap: closed before it ever opens (no handler sees it). */
    void refuse(long socketHandle, InetSocketAddress remote, CloseReason reason) {
        socket = socketHandle;
        remoteAddress = remote;
        startClose(reason);
    }

    void appendFrame(ByteBuffer payload, int offset, int length) {
        if (state != OPEN || draining) {
            dropFrame(length);
            return;
        }
        try {
            outbound.appendFrame(payload, offset, length);
        } catch (DirectMemoryExhaustedException e) {
            // The frame is not queued (bytes it left in a chunk are never offered): its quota returns.
            dropFrame(length);
            worker.directMemoryExhausted(this, "queueing a frame of " + length + " bytes", e);
            return;
        }
        if (!sendInFlight && !flushQueued) {
            flushQueued = true;
            worker.queueFlush(this);
        }
    }

    private void startCloseAfterSending(CloseReason reason, int lingerMs) {
        if (state != OPEN || closeWhenSent != null) {
            if (state < CLOSING && closeWhenSent == null) {
                startClose(reason);
            }
            return;
        }
        closeWhenSent = reason;
        // The timer holds no pending operation: a connection that closed before it fires is released
        // at once (a stop need not wait out the linger), and the late timer finds it closed.
        linger = Deadline.schedule(worker, lingerMs, this::lingerExpired);
        if (outbound.isEmpty() && !sendInFlight) {
            allSent();
        }
    }

    /**
     * Everything queued before a purposeful close is in the kernel: half-close (over TLS once
     * close_notify is out too), then drain until the peer ends its side or the linger passes. The
     * peer's late bytes are read and dropped, so the socket is never closed with unread data, which
     * would make the kernel answer with a reset that can destroy the goodbye before the peer reads it.
     */
    private void allSent() {
        draining = true;
        if (tls != null) {
            if (!tls.startCloseNotify()) {
                // Still handshaking, or the engine produced nothing: the TLS stage's own close decides.
                startClose(closeWhenSent);
            }
            return; // the half-close follows close_notify's send completion
        }
        halfClose();
    }

    private void halfClose() {
        long result = worker.port().shutdownOutput(socket);
        if (result < 0) {
            worker.errors().record(worker.errorSpace(), Completions.errorCode(result), "half-close of " + this);
            startClose(closeWhenSent);
        }
    }

    private void lingerExpired() {
        if (state == OPEN) {
            LOG.debug("{}: {} within the linger time; closing anyway", this,
                    draining ? "the peer did not end its side" : "queued frames not sent");
            startClose(closeWhenSent);
        }
    }

    /** A frame that will never be queued (closed connection, dead worker): returns its quota. Any thread. */
    void dropFrame(int length) {
        returnQuota(1, length + FrameDecoder.HEADER_BYTES);
    }

    /** Returns quota for frames sent or discarded. */
    private void returnQuota(int frames, long bytes) {
        worker.sendQuota().release(quota, frames, bytes);
    }

    /** Starts one gathered send of what is queued, unless one is in flight already or a retry waits out its back-off. */
    void flush() {
        flushQueued = false;
        if (state != OPEN || sendInFlight || sendRetryPending) {
            return;
        }
        if (tls != null) {
            // While draining only close_notify is left to (re)send: frames are no longer queued.
            tls.flush(outbound);
            return;
        }
        if (draining) {
            return;
        }
        if (outbound.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = outbound.prepareSend();
        offeredBytes = outbound.offeredBytes();
        sendInFlight = true;
        pendingOps++;
        worker.port().send(socket, buffers, 0, outbound.gatherCount(), Token.of(Token.OP_SEND, slot, generation));
    }

    void onReceiveComplete(long result, int flags, ByteBuffer data) {
        if (!Completions.more(flags)) {
            receiveArmed = false;
            pendingOps--;
        }
        if (result > 0) {
            receiveBackoffMs = 0;
            if (state == OPEN && !draining) {
                if (tls == null) {
                    inbound.decode(data);
                } else {
                    tls.onCiphertext(data);
                }
                worker.checkPartialFrameBudget();
            }
        } else if (result == 0) {
            if (state == OPEN) {
                peerEnded();
            }
        } else {
            Outcome outcome = onFailure(result, "receive");
            if (state == OPEN && outcome == Outcome.OUT_OF_RESOURCES && !receiveArmed && !receiveRetryPending) {
                // The seed's WSAENOBUFS lesson: shed load by waiting, then post the receive again.
                receiveRetryPending = true;
                receiveBackoffMs = nextBackoff(receiveBackoffMs);
                pendingOps++;
                worker.schedule(receiveBackoffMs, new WorkerCommand.RetryReceive(this));
            }
        }
        // Whatever ended the receive (would-block right after a back-off included), the connection
        // is read again now or by the retry already scheduled: never left open and unread.
        if (state == OPEN && !receiveArmed && !receiveRetryPending) {
            armReceive();
        }
        releaseIfDone();
    }

    private void peerEnded() {
        if (draining) {
            // The peer read our goodbye and closed its side too: nothing will be discarded.
            startClose(closeWhenSent);
        } else {
            startClose(tls != null ? tls.endOfStreamReason() : peerClosedReason());
        }
    }

    /**
     * The peer probe found the peer's end of stream in, nothing left unread, while this connection
     * heard nothing for a probe period. The first time, the receive may still report it: its
     * completions (the last bytes, then the end) can have been posted after the worker's last reap,
     * and closing now would drop those bytes. Found again at a later sweep, with nothing heard in
     * between, the armed receive missed the end (liburing #1549), and the connection ends as the
     * receive would have ended it. True when it closed. Worker thread.
     */
    boolean endOfStreamUnreported() {
        if (state != OPEN || !receiveArmed) {
            // Not receiving (a retry waits out its back-off): the next receive reports the end itself.
            return false;
        }
        if (!probeFoundPeerEnd) {
            probeFoundPeerEnd = true;
            return false;
        }
        LOG.info("{}: the peer's end of stream arrived and no receive reported it; closing", this);
        peerEnded();
        return true;
    }

    /** Why the peer's orderly close ends this connection ({@link InboundFrames#peerClosedReason}). */
    CloseReason peerClosedReason() {
        return inbound.peerClosedReason();
    }

    void retryReceive() {
        pendingOps--;
        receiveRetryPending = false;
        if (state == OPEN && !receiveArmed) {
            armReceive();
        }
        releaseIfDone();
    }

    void onSendComplete(long result) {
        sendInFlight = false;
        pendingOps--;
        if (result >= 0) {
            sendBackoffMs = 0;
            if (result < offeredBytes) {
                worker.countPartialSend();
            }
            if (tls != null) {
                long plaintext = tls.onSent(result);
                if (plaintext > 0) {
                    returnQuota(worker.traffic().framesSent(outbound.onSent(plaintext)), plaintext);
                }
                if (state == OPEN && draining && !sendInFlight) {
                    halfClose(); // close_notify is out
                } else if (state == OPEN) {
                    flush();
                }
            } else {
                int frames = worker.traffic().framesSent(outbound.onSent(result));
                returnQuota(frames, result);
                if (state == OPEN && !outbound.isEmpty()) {
                    // A partial send leaves its rest at the head of the queue: it goes out first.
                    flush();
                }
            }
            if (closeWhenSent != null && state == OPEN && !draining && !sendInFlight && outbound.isEmpty()) {
                allSent();
            }
        } else {
            Outcome outcome = onFailure(result, "send");
            if (state == OPEN && (outcome == Outcome.OUT_OF_RESOURCES || outcome == Outcome.WOULD_BLOCK)) {
                // The unsent bytes stay queued and go out after the back-off. Frames appended
                // meanwhile must not start a send at once: that would hammer a kernel out of
                // non-paged memory on every frame instead of backing off.
                sendRetryPending = true;
                sendBackoffMs = nextBackoff(sendBackoffMs);
                pendingOps++;
                worker.schedule(sendBackoffMs, new WorkerCommand.RetrySend(this));
            }
        }
        if (tls != null && state == CLOSING) {
            tls.afterSendWhileClosing(sendInFlight);
        }
        releaseIfDone();
    }

    void retrySend() {
        pendingOps--;
        sendRetryPending = false;
        flush();
        releaseIfDone();
    }

    void onCloseComplete(long result) {
        pendingOps--;
        if (result < 0) {
            worker.errors().record(worker.errorSpace(), Completions.errorCode(result), "close of " + this);
        }
        releaseIfDone();
    }

    void startClose(CloseReason reason) {
        if (state >= CLOSING) {
            return;
        }
        boolean wasOpen = state == OPEN;
        closeReason = reason;
        state = CLOSING;
        // A partial frame is heap of our own, not memory the kernel writes: its budget share returns now.
        inbound.reset();
        worker.countClose(reason);
        logClose(reason);
        if (wasOpen) {
            try {
                handler.onClose(this, reason);
            } catch (RuntimeException e) {
                LOG.error("{}: onClose handler threw", this, e);
            }
        }
        if (socket >= 0 && (tls == null || !tls.closeGracefully(reason, sendInFlight || sendRetryPending))) {
            closeSocket();
        }
        releaseIfDone();
    }

    /** Cancels what is pending and closes the socket; for TLS possibly after close_notify went out. */
    void closeSocket() {
        pendingOps++;
        worker.port().close(socket, Token.of(Token.OP_CLOSE, slot, generation));
    }

    // ---- services for the TLS stage (worker thread) ----

    void requestFlush() {
        if (!sendInFlight && !flushQueued) {
            flushQueued = true;
            worker.queueFlush(this);
        }
    }

    /** Starts the one send in flight with buffers the caller keeps until its completion. */
    void startSend(java.nio.ByteBuffer[] buffers, int count, long bytes) {
        offeredBytes = bytes;
        sendInFlight = true;
        pendingOps++;
        worker.port().send(socket, buffers, 0, count, Token.of(Token.OP_SEND, slot, generation));
    }

    void decodePlaintext(ByteBuffer plaintext) {
        inbound.decode(plaintext);
    }

    /** A delegated TLS task runs off the worker: the connection is not released before it is back. */
    void holdForTask() {
        pendingOps++;
    }

    void taskDone() {
        pendingOps--;
        releaseIfDone();
    }

    /**
     * The worker's completion port is gone (closed under it): no completion will ever come back, so
     * the session ends here, once, and the quota is returned. The outbound chunks stay with this
     * connection, which the worker keeps reachable until its port has reaped every send the kernel
     * had: only then does {@link #releaseAbandonedOutbound()} let them go.
     */
    void abandon() {
        if (state == CLOSED) {
            return;
        }
        boolean wasOpen = state == OPEN;
        if (closeReason == null) {
            // Not closing yet, so not counted yet: this is its close.
            closeReason = CloseReason.IO_ERROR;
            worker.countClose(closeReason);
        }
        state = CLOSED;
        linger = Deadline.disarm(linger);
        inbound.reset();
        if (wasOpen) {
            logClose(CloseReason.IO_ERROR);
            try {
                handler.onClose(this, CloseReason.IO_ERROR);
            } catch (RuntimeException e) {
                LOG.error("{}: onClose handler threw", this, e);
            }
        }
        returnQuota(outbound.pendingFrames(), outbound.pendingBytes());
        worker.released(this);
    }

    /** After {@link #abandon()}, once the dead worker's port reaped every send: the chunks go back, once. Worker thread. */
    void releaseAbandonedOutbound() {
        outbound.release();
        if (tls != null) {
            tls.release();
        }
    }

    /** The connect failed before a socket existed. */
    void failConnect() {
        closeReason = CloseReason.IO_ERROR;
        state = CLOSING;
        pendingOps--;
        releaseIfDone();
    }

    void markConnecting() {
        pendingOps++;
    }

    void connected(long socketHandle, InetSocketAddress remote) {
        pendingOps--;
        open(socketHandle, remote);
    }

    boolean isReleased() {
        return state == CLOSED;
    }

    int state() {
        return state;
    }

    /** A purposeful close waits for the queued frames to leave: nothing more is read into the server. Worker thread. */
    boolean closingAfterSend() {
        return closeWhenSent != null;
    }

    /** Heap held by this connection's partly received frame. */
    int partialFrameBytes() {
        return inbound.heldBytes();
    }

    Outcome onFailure(long result, String operation) {
        int code = Completions.errorCode(result);
        Outcome outcome = worker.errors().record(worker.errorSpace(), code, operation + " on " + this);
        if (state != OPEN) {
            return outcome;
        }
        if (draining && outcome != Outcome.OUT_OF_RESOURCES && outcome != Outcome.WOULD_BLOCK) {
            // After our goodbye went out, a reset or error ends the drain: the close keeps its purpose.
            startClose(closeWhenSent);
            return outcome;
        }
        CloseReason reason = CloseReason.ofFailure(outcome);
        if (reason != null) {
            startClose(reason);
        }
        return outcome;
    }

    private void armReceive() {
        receiveArmed = true;
        pendingOps++;
        try {
            worker.port().receive(socket, Token.of(Token.OP_RECEIVE, slot, generation));
        } catch (DirectMemoryExhaustedException e) {
            // Nothing was started: no completion will come for it.
            receiveArmed = false;
            pendingOps--;
            worker.directMemoryExhausted(this, "arming a receive", e);
        }
    }

    private void releaseIfDone() {
        if (state != CLOSING || pendingOps != 0) {
            return;
        }
        state = CLOSED;
        linger = Deadline.disarm(linger);
        long leftBytes = outbound.pendingBytes();
        int leftFrames = outbound.pendingFrames();
        outbound.release();
        if (tls != null) {
            tls.release();
        }
        inbound.reset();
        returnQuota(leftFrames, leftBytes);
        worker.released(this);
    }

    private void logClose(CloseReason reason) {
        if (reason.warnsWhenClosing()) {
            LOG.warn("{}: closing: {}", this, reason);
        } else {
            LOG.debug("{}: closing: {}", this, reason);
        }
    }

    private static int nextBackoff(int current) {
        return current == 0 ? FIRST_BACKOFF_MS : Math.min(current * 2, MAX_BACKOFF_MS);
    }
}

package io.gameport.net;

import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS layer of one connection, between its completion port and its frame decoder.
 *
 * <p>The engine sees heap buffers only ({@link TlsBuffers} says why). Inbound: ciphertext in the
 * port's receive buffer is copied to the worker's heap staging buffer, unwrapped from there into
 * the worker's plaintext buffer and decoded from that; only the tail of a record split across
 * receives is kept, in a pooled heap buffer held until the record is whole. Outbound: the
 * plaintext frames already queued in the connection's {@link OutboundBuffer} are wrapped into the
 * worker's heap staging buffer and copied to one pooled direct ciphertext buffer, which goes out
 * as the connection's one send in flight; their quota comes back when the
 * whole ciphertext buffer is acknowledged ({@link OutboundBuffer#onSent} with the plaintext bytes
 * wrapped into it). The buffer stays with the connection until every byte is sent, so a partial
 * send's rest goes first, and returns to the pool when empty: idle connections hold no buffer.
 *
 * <p>Handshake: driven on the worker as receives arrive and sends complete; the engine's
 * delegated tasks run on the context's bounded pool, holding a pending operation, and the
 * connection resumes on its worker through the worker's command queue. A deadline closes a
 * handshake that does not finish ({@link CloseReason#TLS_HANDSHAKE_TIMEOUT}).
 *
 * <p>Worker thread only, except the delegated-task runnable.
 */
final class TlsStage {

    private static final Logger LOG = LoggerFactory.getLogger(TlsStage.class);
    private static final ByteBuffer[] NO_PLAINTEXT = new ByteBuffer[0];
    static final int RECORDS_PER_SEND = 4;

    private final Connection connection;
    private final IoWorker worker;
    private final TlsContext context;
    private final SSLEngine engine;
    private final TlsBuffers buffers;
    private final ByteBuffer[] sendGather = new ByteBuffer[1];
    private final WorkerTask resumeAfterTasks = this::resumeAfterTasks;
    /** Armed from the handshake's start until it is done or the connection is released. */
    private Deadline handshakeDeadline;
    /** Armed while a close waits for close_notify's send, until the socket's close or the release. */
    private Deadline closeDeadline;

    /** Ciphertext waiting to be sent (read mode), or null. */
    private ByteBuffer cipherOut;
    private int sendStart;
    /** Plaintext bytes of the outbound buffer wrapped into {@link #cipherOut}. */
    private long plaintextInCipher;
    /** Ciphertext received but not yet unwrapped (write mode), or null. */
    private ByteBuffer carry;
    private boolean firstByteSeen;
    /**
     * Volatile for {@link Connection#tlsHandshaking}, which a client's timer reads to leave a
     * handshake to its own deadline; written once, and on x86 a volatile read is a plain load.
     */
    private volatile boolean handshakeDone;
    private boolean taskRunning;
    private volatile Throwable taskFailure;
    /** The socket's close waits for the close_notify send in flight. */
    private boolean closeDeferred;
    private boolean tls12;

    TlsStage(Connection connection, IoWorker worker, TlsContext context, SSLEngine engine) {
        this.connection = connection;
        this.worker = worker;
        this.context = context;
        this.engine = engine;
        this.buffers = worker.tlsBuffers(context);
    }

    /** The connection just opened: start the handshake (the client speaks first) and its deadline. */
    void start() {
        try {
            engine.beginHandshake();
        } catch (SSLException | RuntimeException e) {
            fail(CloseReason.TLS_HANDSHAKE_FAILED, e);
            return;
        }
        handshakeDeadline = Deadline.schedule(worker, context.settings().handshakeTimeoutMillis(), this::handshakeDeadline);
        connection.requestFlush();
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    SSLSession session() {
        return engine.getSession();
    }

    // ---- inbound ----

    void onCiphertext(ByteBuffer data) {
        if (!firstByteSeen) {
            firstByteSeen = true;
            int type = data.get(data.position()) & 0xFF;
            // Every TLS record starts with its content type, 20..24; a plaintext client's first byte is anything else.
            if (type < 20 || type > 24) {
                LOG.info("{}: first byte 0x{} is not a TLS record type: a plaintext client on a TLS port", connection,
                        Integer.toHexString(type));
                connection.startClose(CloseReason.TLS_PLAINTEXT_PEER);
                return;
            }
        }
        if (carry == null && !taskRunning) {
            // Staged in the worker's heap buffer first: the engine decrypts a heap buffer in place
            // but copies a direct one (the port's receive buffer) through temporary arrays.
            while (carry == null && !taskRunning && data.hasRemaining() && connection.isOpen()) {
                ByteBuffer staged = buffers.cipherInStage();
                int length = Math.min(staged.capacity(), data.remaining());
                staged.put(0, data, data.position(), length).limit(length);
                data.position(data.position() + length);
                unwrapFrom(staged);
                if (staged.hasRemaining() && connection.isOpen() && !keep(staged)) {
                    return;
                }
            }
            if (!data.hasRemaining() || !connection.isOpen()) {
                return;
            }
        }
        // The rest is a partial record, or arrived while a delegated task runs: keep it.
        if (!keep(data)) {
            return;
        }
        if (!taskRunning) {
            drainCarry();
        }
    }

    /** The peer ended the stream: with close_notify we would have closed already, so this is a truncation. */
    CloseReason endOfStreamReason() {
        if (!firstByteSeen) {
            return CloseReason.PEER_CLOSED;
        }
        LOG.info("{}: peer closed the connection without close_notify ({})", connection,
                handshakeDone ? "after the handshake" : "during the handshake");
        return CloseReason.TLS_TRUNCATED;
    }

    private boolean keep(ByteBuffer data) {
        if (carry == null) {
            carry = buffers.takeCarry();
        }
        int needed = carry.position() + data.remaining();
        if (needed > carry.capacity()) {
            int limit = context.settings().maxBufferedCiphertextBytes();
            if (needed > limit) {
                LOG.warn("{}: {} bytes of unprocessed ciphertext would pass the limit of {} (maxBufferedCiphertextBytes)",
                        connection, needed, limit);
                connection.startClose(CloseReason.TLS_PROTOCOL_ERROR);
                return false;
            }
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(limit, Math.max(needed, carry.capacity() * 2)));
            carry.flip();
            bigger.put(carry);
            buffers.giveCarry(carry);
            carry = bigger;
        }
        carry.put(data);
        return true;
    }

    private void drainCarry() {
        ByteBuffer kept = carry;
        kept.flip();
        unwrapFrom(kept);
        if (carry != kept) {
            return; // released meanwhile
        }
        kept.compact();
        if (kept.position() == 0) {
            buffers.giveCarry(kept);
            carry = null;
        } else if (!taskRunning && kept.position() >= kept.capacity()) {
            // Cannot happen with the JDK's engine (it rejects a record header over its maximum
            // first), but a full buffer that is still not one record must not spin.
            LOG.warn("{}: a TLS record larger than {} bytes", connection, kept.capacity());
            connection.startClose(CloseReason.TLS_PROTOCOL_ERROR);
        }
    }

    private void unwrapFrom(ByteBuffer source) {
        while (connection.isOpen() && !taskRunning && source.hasRemaining()) {
            ByteBuffer plaintext = buffers.plaintext();
            SSLEngineResult result;
            try {
                result = engine.unwrap(source, plaintext);
            } catch (SSLException | RuntimeException e) {
                fail(failureReason(e), e);
                return;
            }
            if (result.bytesProduced() > 0) {
                if (!handshakeDone) {
                    // TLS 1.3 server: the engine decrypts the client's data once it has checked the
                    // client's Finished, while it still wants to wrap its session ticket (NEED_WRAP;
                    // FINISHED comes from that wrap). Data under the traffic keys means the peer is
                    // authenticated and the handshake over: what follows (close_notify, a drop) is
                    // the session's, not a failed handshake's.
                    handshakeFinished();
                }
                plaintext.flip();
                connection.decodePlaintext(plaintext);
            }
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW:
                    return;
                case BUFFER_OVERFLOW:
                    LOG.warn("{}: a TLS record's plaintext is larger than {} bytes", connection, plaintext.capacity());
                    connection.startClose(CloseReason.TLS_PROTOCOL_ERROR);
                    return;
                case CLOSED:
                    if (handshakeDone) {
                        LOG.debug("{}: close_notify received", connection);
                        connection.startClose(connection.peerClosedReason());
                    } else {
                        // The peer's alert, or our own failure in a delegated task (the engine keeps it and closes).
                        LOG.info("{}: TLS handshake ended by {}", connection, engine.isOutboundDone() ? "a fatal alert" : "the peer");
                        connection.startClose(CloseReason.TLS_HANDSHAKE_FAILED);
                    }
                    return;
                default:
                    break;
            }
            if (!afterEngineStep(result.getHandshakeStatus())) {
                return;
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                return;
            }
        }
    }

    /** Acts on the engine's handshake state after a wrap, an unwrap or a task; false when nothing more can be unwrapped now. */
    private boolean afterEngineStep(HandshakeStatus status) {
        if (handshakeDone) {
            if (status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED) {
                return true;
            }
            // TLS 1.3 has post-handshake messages (tickets, key updates); TLS 1.2 has only renegotiation.
            if (tls12) {
                LOG.info("{}: the peer tried to renegotiate the TLS 1.2 session; refused", connection);
                connection.startClose(CloseReason.TLS_RENEGOTIATION);
                return false;
            }
        } else if (status == HandshakeStatus.FINISHED) {
            // The engine reports FINISHED once, from the wrap or unwrap that completed the handshake.
            handshakeFinished();
            return true;
        } else if (status == HandshakeStatus.NOT_HANDSHAKING) {
            // Not finished, yet not handshaking: the engine dropped the handshake (a delegated
            // task refused a certificate, or the peer cancelled); it holds no session to use.
            LOG.info("{}: TLS handshake abandoned by the engine", connection);
            connection.startClose(CloseReason.TLS_HANDSHAKE_FAILED);
            return false;
        }
        switch (status) {
            case NEED_TASK:
                runTasks();
                return false;
            case NEED_WRAP:
                connection.requestFlush();
                return true;
            default:
                return true;
        }
    }

    private void handshakeFinished() {
        handshakeDone = true;
        handshakeDeadline = Deadline.disarm(handshakeDeadline);
        tls12 = TlsSettings.TLS12.equals(engine.getSession().getProtocol());
        LOG.debug("{}: TLS handshake done: {} {}", connection, engine.getSession().getProtocol(), engine.getSession().getCipherSuite());
        // Frames queued during the handshake go out now.
        connection.requestFlush();
    }

    private void runTasks() {
        taskRunning = true;
        connection.holdForTask();
        try {
            context.delegatedTasks().execute(() -> {
                try {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                } catch (Throwable e) {
                    taskFailure = e;
                }
                worker.execute(resumeAfterTasks);
            });
        } catch (RejectedExecutionException e) {
            taskFailure = e;
            resumeAfterTasks();
        }
    }

    /** Worker thread, through its command queue, once the delegated tasks ran. */
    private void resumeAfterTasks() {
        taskRunning = false;
        Throwable failure = taskFailure;
        if (connection.isOpen()) {
            if (failure != null) {
                fail(CloseReason.TLS_HANDSHAKE_FAILED, failure);
            } else if (afterEngineStep(engine.getHandshakeStatus()) && carry != null) {
                drainCarry();
            }
            if (connection.isOpen()) {
                connection.requestFlush();
            }
        }
        connection.taskDone();
    }

    private void handshakeDeadline() {
        if (!handshakeDone && connection.isOpen()) {
            LOG.info("{}: TLS handshake not finished within {} ms", connection, context.settings().handshakeTimeoutMillis());
            connection.startClose(CloseReason.TLS_HANDSHAKE_TIMEOUT);
        }
    }

    // ---- outbound ----

    /** Starts a send of pending ciphertext, wrapping handshake messages or queued frames first if there is none. Called when no send is in flight. */
    void flush(OutboundBuffer outbound) {
        if (taskRunning) {
            return;
        }
        if (cipherOut != null || wrap(outbound)) {
            startSend();
        }
        // The engine refuses to unwrap while it wants to wrap: records that arrived meanwhile
        // (the rest of the peer's flight) are read now that it has wrapped.
        if (carry != null && !taskRunning && connection.isOpen()) {
            drainCarry();
        }
    }

    /** Fills a ciphertext buffer; false when there was nothing to wrap. */
    private boolean wrap(OutboundBuffer outbound) {
        // Taken first: a direct allocation that fails must fail before the engine consumes plaintext.
        ByteBuffer out = buffers.take();
        ByteBuffer staged = buffers.cipherOutStage();
        ByteBuffer[] sources = NO_PLAINTEXT;
        int sourceCount = 0;
        if (handshakeDone && !outbound.isEmpty()) {
            sources = outbound.prepareSend();
            sourceCount = outbound.gatherCount();
        }
        long consumed = 0;
        try {
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                boolean appData = sourceCount > 0 && status == HandshakeStatus.NOT_HANDSHAKING && sources[sourceCount - 1].hasRemaining();
                if (status != HandshakeStatus.NEED_WRAP && !appData) {
                    break;
                }
                SSLEngineResult result = engine.wrap(sources, 0, sourceCount, staged);
                consumed += result.bytesConsumed();
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    break; // BUFFER_OVERFLOW: the buffer is full; CLOSED: nothing more will be produced
                }
                if (!afterWrap(result.getHandshakeStatus())) {
                    break;
                }
                if (result.bytesProduced() == 0 && result.bytesConsumed() == 0) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException e) {
            buffers.give(out);
            fail(failureReason(e), e);
            return false;
        }
        if (cipherOut != null || !connection.isOpen()) {
            // The loop closed the connection (a handshake the engine abandoned): that close already
            // wrapped its alert into a buffer of its own, over this one's staging, and started the
            // connection's one send. What this wrap staged goes with the connection.
            buffers.give(out);
            return false;
        }
        if (!moveStaged(staged, out)) {
            return false;
        }
        plaintextInCipher = consumed;
        return true;
    }

    private boolean afterWrap(HandshakeStatus status) {
        if (!handshakeDone && (status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING)) {
            return afterEngineStep(status);
        }
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
            return false;
        }
        return status != HandshakeStatus.NEED_UNWRAP;
    }

    private void startSend() {
        sendStart = cipherOut.position();
        sendGather[0] = cipherOut;
        connection.startSend(sendGather, 1, cipherOut.remaining());
    }

    /**
     * The kernel took {@code bytes} of the ciphertext in flight: a partial send's rest goes at
     * once; when the whole buffer is out, returns the plaintext bytes it carried (their frames'
     * quota comes back now), else 0.
     */
    long onSent(long bytes) {
        ByteBuffer sent = cipherOut;
        sent.position(sendStart + (int) bytes);
        if (sent.hasRemaining()) {
            startSend();
            return 0;
        }
        cipherOut = null;
        buffers.give(sent);
        long plaintext = plaintextInCipher;
        plaintextInCipher = 0;
        return plaintext;
    }

    /** After a send completion on a closing connection: the socket's close no longer waits once its close_notify is out (or failed). */
    void afterSendWhileClosing(boolean sendInFlight) {
        if (closeDeferred && !sendInFlight) {
            closeDeferred = false;
            connection.closeSocket();
        }
    }

    /**
     * The connection is closing: queues close_notify (or the alert a failed handshake left) and
     * sends it, unless the peer is gone or a send is in flight (a send that never completes must
     * not hold the close). True when the socket's close must wait for that send.
     */
    boolean closeGracefully(CloseReason reason, boolean sendBusy) {
        if (sendBusy || taskRunning || reason == CloseReason.PEER_RESET || reason == CloseReason.IO_ERROR
                || reason == CloseReason.TLS_TRUNCATED || reason == CloseReason.TLS_PLAINTEXT_PEER) {
            return false;
        }
        if (cipherOut != null) {
            // A send retry was waiting: its ciphertext is dropped with the connection's frames.
            buffers.give(cipherOut);
            cipherOut = null;
            plaintextInCipher = 0;
        }
        if (!wrapCloseNotify()) {
            return false;
        }
        closeDeferred = true;
        startSend();
        closeDeadline = Deadline.schedule(worker, context.settings().closeNotifyTimeoutMillis(), this::closeDeadline);
        return true;
    }

    /**
     * A purposeful close of an open connection whose queued frames are all sent: starts the send
     * of close_notify and keeps the socket open (the connection half-closes and drains once it is
     * out). False when there is nothing to send it with: the handshake is not done, or a send or
     * task is pending.
     */
    boolean startCloseNotify() {
        if (!handshakeDone || taskRunning || cipherOut != null || !wrapCloseNotify()) {
            return false;
        }
        startSend();
        return true;
    }

    /** Closes the engine's outbound side and wraps what it says (close_notify) into {@link #cipherOut}; false when it said nothing. */
    private boolean wrapCloseNotify() {
        engine.closeOutbound();
        ByteBuffer out = buffers.take();
        ByteBuffer staged = buffers.cipherOutStage();
        try {
            while (true) {
                SSLEngineResult result = engine.wrap(NO_PLAINTEXT, staged);
                if (result.bytesProduced() == 0 || result.getStatus() != SSLEngineResult.Status.OK) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException e) {
            LOG.debug("{}: no close_notify: {}", connection, e.toString());
        }
        return moveStaged(staged, out);
    }

    /**
     * Copies the records wrapped into the worker's heap {@code staged} to the direct send buffer
     * {@code out} (the same size) and makes it {@link #cipherOut}; false, with {@code out} given
     * back, when nothing was wrapped. Wrapping into a heap buffer lets the engine encrypt in place.
     */
    private boolean moveStaged(ByteBuffer staged, ByteBuffer out) {
        staged.flip();
        if (!staged.hasRemaining()) {
            buffers.give(out);
            return false;
        }
        out.put(staged).flip();
        cipherOut = out;
        return true;
    }

    private void closeDeadline() {
        closeDeadline = null;
        if (closeDeferred) {
            closeDeferred = false;
            connection.closeSocket();
        }
    }

    /**
     * A handshake alert (a certificate refused, e.g. TLS 1.3's bad_certificate after the client
     * already sent its Finished) is a failed handshake whenever it comes; anything else after the
     * handshake is a protocol error.
     */
    private CloseReason failureReason(Throwable e) {
        if (!handshakeDone || e instanceof javax.net.ssl.SSLHandshakeException) {
            return CloseReason.TLS_HANDSHAKE_FAILED;
        }
        return CloseReason.TLS_PROTOCOL_ERROR;
    }

    private void fail(CloseReason reason, Throwable e) {
        LOG.info("{}: {}: {}", connection, reason, e.getMessage() != null ? e.getMessage() : e.toString());
        connection.startClose(reason);
    }

    /** Pooled buffers back, once, after the connection's last completion; its deadlines let it go. */
    void release() {
        handshakeDeadline = Deadline.disarm(handshakeDeadline);
        closeDeadline = Deadline.disarm(closeDeadline);
        if (cipherOut != null) {
            buffers.give(cipherOut);
            cipherOut = null;
        }
        if (carry != null) {
            buffers.giveCarry(carry);
            carry = null;
        }
    }
}

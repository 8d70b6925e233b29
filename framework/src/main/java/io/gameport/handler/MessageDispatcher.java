package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.dispatch.DispatchMetrics;
import io.gameport.dispatch.FrameProcessor;
import io.gameport.net.CloseReason;
import io.gameport.log.PeerLogs;
import io.gameport.log.RateLimitedLog;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.FrameCodec;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.session.Session;
import io.gameport.session.SessionInternals;
import io.gameport.time.NanoClock;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Protobuf pipeline on a shard: decode the frame with the bound {@link FrameCodec}, find the
 * handler by message id, call it, send its response with the request's id.
 *
 * <ul>
 *   <li>Before a frame is decoded, its session's buckets are checked (frames and bytes per second,
 *       {@link HandlerSettings}) and, from the message id in its header, its type's declared limit
 *       ({@link HandlerRegistry.Registration#limit}); a frame over a limit is treated with the limit's
 *       {@link OverLimit} policy and counted ({@link LimitMetrics}), never decoded. A flood thus costs
 *       the shard a header read, a clock read and a comparison per frame.</li>
 *   <li>A frame that does not decode ({@link ProtocolException}) is counted by kind, logged with
 *       the session, and by default closes the session ({@link HandlerSettings#closeOnProtocolError()});
 *       a session that keeps sending them is closed after {@link HandlerSettings#maxMalformedFrames()}.</li>
 *   <li>A registered type with no handler is counted, logged, and answered or closed per
 *       {@link UnhandledPolicy}.</li>
 *   <li>A handler that throws is logged with the session and message type and counted; a request
 *       gets an {@code ErrorReply{INTERNAL_ERROR}}; the shard carries on with the next event.</li>
 *   <li>An asynchronous request handler's response is sent when its stage completes, from the
 *       completing thread; a stage that fails is treated like a handler that throws.</li>
 *   <li>With {@link HandlerSettings#messageTypeMeters()}, every frame of a handled type is counted
 *       from its header and every handler call timed ({@link MessageMeters}); off, neither costs anything.</li>
 * </ul>
 *
 * <p>Every line a peer can provoke goes through a {@link RateLimitedLog} (one per kind), so a
 * flood writes a bounded number of lines.
 *
 * <p>Stateless apart from counters and the per-session limit state each session carries
 * ({@link SessionInternals#processorState(Session)}, touched only by its shard); every shard thread calls the one instance.
 */
@Singleton
public final class MessageDispatcher implements FrameProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final FrameCodec<Envelope> codec;
    private final HandlerRegistry handlers;
    private final HandlerSettings settings;
    private final DispatchMetrics metrics;
    private final LimitMetrics limitMetrics;
    private final NanoClock clock;
    /** The session frame bucket's refill time per frame, and its size (one second); cost 0 when off. */
    private final long frameCostNanos;
    private final long frameCapacityNanos;
    private final long bytesPerSecond;
    /** Answers to requests over a session limit, one per registered id (built once: a flood allocates nothing). */
    private final ErrorReply[] sessionLimitReplies;
    private final ErrorReply sessionLimitReplyUnknown;
    private final RateLimitedLog malformedLog;
    private final RateLimitedLog unhandledLog;
    private final RateLimitedLog limitedLog;
    private final RateLimitedLog handlerErrorLog;
    private final MessageMeters messageMeters;

    /** A dispatcher without meters per message type. */
    public MessageDispatcher(FrameCodec<Envelope> codec, HandlerRegistry handlers, HandlerSettings settings,
                             DispatchMetrics metrics, LimitMetrics limitMetrics, NanoClock clock, PeerLogs logs) {
        this(codec, handlers, settings, metrics, limitMetrics, clock, logs, MessageMeters.off());
    }

    @Inject
    public MessageDispatcher(FrameCodec<Envelope> codec, HandlerRegistry handlers, HandlerSettings settings,
                             DispatchMetrics metrics, LimitMetrics limitMetrics, NanoClock clock, PeerLogs logs,
                             MessageMeters messageMeters) {
        this.messageMeters = messageMeters;
        this.codec = codec;
        this.handlers = handlers;
        this.settings = settings;
        this.metrics = metrics;
        this.limitMetrics = limitMetrics;
        this.clock = clock;
        this.frameCostNanos = settings.maxFramesPerSecond() == 0 ? 0 : NANOS_PER_SECOND / settings.maxFramesPerSecond();
        this.frameCapacityNanos = frameCostNanos * settings.maxFramesPerSecond();
        this.bytesPerSecond = settings.maxBytesPerSecond();
        this.sessionLimitReplyUnknown = sessionLimitReply(0);
        this.sessionLimitReplies = new ErrorReply[handlers.maxId() + 1];
        for (int id = 0; id < sessionLimitReplies.length; id++) {
            if (handlers.forId(id) != null) {
                sessionLimitReplies[id] = sessionLimitReply(id);
            }
        }
        this.malformedLog = logs.log(MessageDispatcher.class, "malformed frames");
        this.unhandledLog = logs.log(MessageDispatcher.class, "unhandled messages");
        this.limitedLog = logs.log(MessageDispatcher.class, "frames over a rate limit");
        this.handlerErrorLog = logs.log(MessageDispatcher.class, "handler failures");
    }

    private static ErrorReply sessionLimitReply(int causeId) {
        return ErrorReply.newBuilder().setCode(ErrorCode.ERROR_CODE_RATE_LIMITED)
                .setReason("rate limited: the session sends too fast").setCauseMsgId(causeId).build();
    }

    public HandlerSettings settings() {
        return settings;
    }

    /** The meters per message type it records into (off unless {@link HandlerSettings#messageTypeMeters()}). */
    public MessageMeters messageMeters() {
        return messageMeters;
    }

    @Override
    public void onOpen(Session session) {
        limitsOf(session);
        for (Consumer<Session> listener : handlers.openListeners()) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                metrics.countHandlerError();
                LOG.error("{}: open listener failed", session, e);
            }
        }
    }

    @Override
    public void onFrame(Session session, ByteBuffer payload) {
        messageMeters.received(payload);
        if (!withinLimits(session, payload)) {
            return;
        }
        Envelope envelope;
        try {
            envelope = codec.decode(payload);
        } catch (ProtocolException e) {
            onMalformed(session, e);
            return;
        }
        HandlerRegistry.Binding binding = handlers.forId(envelope.messageId());
        if (binding == null) {
            onUnhandled(session, envelope);
            return;
        }
        Object result;
        try {
            result = messageMeters.invoke(binding, envelope.messageId(), session, envelope.message(), envelope.requestId());
        } catch (Exception e) {
            metrics.countHandlerError();
            if (handlerErrorLog.admit()) {
                handlerErrorLog.logger().error("{}: handler for {} (request {}) threw", session, envelope.message().getDescriptorForType().getFullName(),
                        Integer.toUnsignedString(envelope.requestId()), e);
            }
            if (envelope.isRequest()) {
                reply(session, envelope, ErrorCode.ERROR_CODE_INTERNAL_ERROR, "the server failed to handle the request");
            }
            return;
        }
        if (result instanceof CompletionStage<?> pending) {
            replyWhenComplete(session, envelope, pending);
        } else if (result != null) {
            sendResponse(session, envelope.requestId(), (Message) result, envelope.message());
        }
    }

    /**
     * Takes the frame from the session's buckets, then from its type's, reading only the header;
     * false (the frame was treated per policy) when one is empty. Allocates nothing.
     */
    private boolean withinLimits(Session session, ByteBuffer payload) {
        SessionLimits limits = limitsOf(session);
        if (limits.closing) {
            return false;
        }
        long now = 0;
        boolean clockRead = false;
        if (frameCostNanos > 0) {
            now = clock.nanoTime();
            clockRead = true;
            if (!TokenBucket.tryTake(limits.fullAt, SessionLimits.FRAMES, now, frameCostNanos, frameCapacityNanos)) {
                overLimit(session, payload, LimitScope.SESSION_FRAMES, settings.overLimit(), null);
                return false;
            }
        }
        int length = payload.remaining();
        if (bytesPerSecond > 0) {
            if (!clockRead) {
                now = clock.nanoTime();
                clockRead = true;
            }
            // A frame larger than the bucket costs the whole bucket: it passes only when the bucket is full.
            long cost = Math.min(length * NANOS_PER_SECOND / bytesPerSecond, NANOS_PER_SECOND);
            if (!TokenBucket.tryTake(limits.fullAt, SessionLimits.BYTES, now, cost, NANOS_PER_SECOND)) {
                overLimit(session, payload, LimitScope.SESSION_BYTES, settings.overLimit(), null);
                return false;
            }
        }
        if (handlers.limitedTypes() == 0 || length < MessageHeader.LENGTH) {
            return true;
        }
        HandlerRegistry.Binding binding = handlers.forId(MessageHeader.messageId(payload, payload.position()));
        if (binding == null || binding.limitSlot < 0) {
            return true;
        }
        if (!clockRead) {
            now = clock.nanoTime();
        }
        if (!TokenBucket.tryTake(limits.fullAt, SessionLimits.FIRST_TYPE + binding.limitSlot, now,
                binding.limitCostNanos, binding.limitCapacityNanos)) {
            overLimit(session, payload, LimitScope.MESSAGE_TYPE, binding.limit.policy(), binding);
            return false;
        }
        return true;
    }

    /** A frame over a limit: counted, logged (rate-limited), and dropped, answered or closed per {@code policy}. */
    private void overLimit(Session session, ByteBuffer payload, LimitScope scope, OverLimit policy,
                           HandlerRegistry.Binding binding) {
        limitMetrics.countLimited(scope, policy);
        boolean hasHeader = payload.remaining() >= MessageHeader.LENGTH;
        int messageId = hasHeader ? MessageHeader.messageId(payload, payload.position()) : 0;
        int requestId = hasHeader ? MessageHeader.requestId(payload, payload.position()) : MessageHeader.NO_REQUEST;
        if (limitedLog.admit()) {
            limitedLog.logger().warn("{}: message id {} over the {} limit: {}", session, messageId, scope, policy);
        }
        switch (policy) {
            case REPLY_ERROR:
                if (requestId != MessageHeader.NO_REQUEST) {
                    ErrorReply answer = binding != null ? binding.overLimitReply
                            : messageId < sessionLimitReplies.length && sessionLimitReplies[messageId] != null
                                    ? sessionLimitReplies[messageId] : sessionLimitReplyUnknown;
                    session.reply(requestId, answer);
                }
                break;
            case CLOSE:
                limitsOf(session).closing = true;
                session.close(CloseReason.RATE_LIMITED, ErrorCode.ERROR_CODE_RATE_LIMITED, "rate limited: too many messages");
                break;
            default:
                break;
        }
    }

    private void onMalformed(Session session, ProtocolException e) {
        metrics.countProtocolError(e.error());
        int malformed = ++limitsOf(session).malformedFrames;
        boolean closeForCount = !settings.closeOnProtocolError() && malformed >= settings.maxMalformedFrames();
        if (malformedLog.admit()) {
            malformedLog.logger().warn("{}: {}{}", session, e.getMessage(), settings.closeOnProtocolError() ? "; closing"
                    : closeForCount ? "; closing after " + malformed + " malformed frames" : "");
        }
        for (BiConsumer<Session, ProtocolException> listener : handlers.protocolErrorListeners()) {
            try {
                listener.accept(session, e);
            } catch (RuntimeException failure) {
                metrics.countHandlerError();
                if (handlerErrorLog.admit()) {
                    handlerErrorLog.logger().error("{}: protocol error listener failed", session, failure);
                }
            }
        }
        if (settings.closeOnProtocolError()) {
            limitsOf(session).closing = true;
            session.close(CloseReason.PROTOCOL_ERROR, ErrorCode.ERROR_CODE_PROTOCOL_ERROR, "a frame could not be decoded");
        } else if (closeForCount) {
            limitsOf(session).closing = true;
            limitMetrics.countMalformedClose();
            session.close(CloseReason.MALFORMED_FRAMES, ErrorCode.ERROR_CODE_PROTOCOL_ERROR,
                    "too many frames that could not be decoded");
        }
    }

    /** The session's limit state, made at its open (or here, should a frame ever come first). */
    private SessionLimits limitsOf(Session session) {
        Object state = SessionInternals.processorState(session);
        if (state instanceof SessionLimits limits) {
            return limits;
        }
        SessionLimits limits = new SessionLimits(handlers.limitedTypes(), clock.nanoTime());
        SessionInternals.processorState(session, limits);
        return limits;
    }

    /** Any thread: the stage's response (or an INTERNAL_ERROR reply) goes out when it completes. */
    private void replyWhenComplete(Session session, Envelope envelope, CompletionStage<?> pending) {
        int requestId = envelope.requestId();
        int messageId = envelope.messageId();
        Message request = envelope.message();
        pending.whenComplete((response, error) -> {
            if (error != null) {
                metrics.countHandlerError();
                if (handlerErrorLog.admit()) {
                    handlerErrorLog.logger().error("{}: asynchronous handler for {} (request {}) failed", session,
                            request.getDescriptorForType().getFullName(), Integer.toUnsignedString(requestId), error);
                }
                sendResponse(session, requestId, ErrorReply.newBuilder().setCode(ErrorCode.ERROR_CODE_INTERNAL_ERROR)
                        .setReason("the server failed to handle the request").setCauseMsgId(messageId).build(), request);
            } else if (response != null) {
                sendResponse(session, requestId, (Message) response, request);
            }
        });
    }

    private void sendResponse(Session session, int requestId, Message response, Message request) {
        try {
            session.reply(requestId, response);
        } catch (RuntimeException e) {
            // An unregistered or oversized response is the handler's bug: same treatment as a throw.
            metrics.countHandlerError();
            if (handlerErrorLog.admit()) {
                handlerErrorLog.logger().error("{}: response {} to {} cannot be sent", session, response.getDescriptorForType().getFullName(),
                        request.getDescriptorForType().getFullName(), e);
            }
        }
    }

    @Override
    public void onSuspend(Session session) {
        notify(handlers.suspendListeners(), session, "suspend");
    }

    @Override
    public void onResume(Session session) {
        notify(handlers.resumeListeners(), session, "resume");
    }

    private void notify(java.util.List<Consumer<Session>> listeners, Session session, String what) {
        for (Consumer<Session> listener : listeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                metrics.countHandlerError();
                LOG.error("{}: {} listener failed", session, what, e);
            }
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        for (BiConsumer<Session, CloseReason> listener : handlers.closeListeners()) {
            try {
                listener.accept(session, reason);
            } catch (RuntimeException e) {
                metrics.countHandlerError();
                LOG.error("{}: close listener failed", session, e);
            }
        }
    }

    private void onUnhandled(Session session, Envelope envelope) {
        metrics.countUnhandled();
        String type = envelope.message().getDescriptorForType().getFullName();
        if (unhandledLog.admit()) {
            unhandledLog.logger().warn("{}: no handler for {} (id {}); policy {}", session, type, envelope.messageId(), settings.unhandled());
        }
        switch (settings.unhandled()) {
            case ERROR_REPLY:
                reply(session, envelope, ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, "no handler for " + type);
                break;
            case CLOSE:
                limitsOf(session).closing = true;
                session.close(CloseReason.PROTOCOL_ERROR, ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, "no handler for " + type);
                break;
            default:
                break;
        }
    }

    private static void reply(Session session, Envelope cause, ErrorCode code, String reason) {
        session.reply(cause.requestId(), ErrorReply.newBuilder().setCode(code).setReason(reason)
                .setCauseMsgId(cause.messageId()).build());
    }
}

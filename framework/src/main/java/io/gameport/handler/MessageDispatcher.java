package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.dispatch.DispatchMetrics;
import io.gameport.dispatch.FrameProcessor;
import io.gameport.net.CloseReason;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.FrameCodec;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.session.Session;
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
 *   <li>A frame that does not decode ({@link ProtocolException}) is counted by kind, logged with
 *       the session, and by default closes the session ({@link HandlerSettings#closeOnProtocolError()}).</li>
 *   <li>A registered type with no handler is counted, logged, and answered or closed per
 *       {@link UnhandledPolicy}.</li>
 *   <li>A handler that throws is logged with the session and message type and counted; a request
 *       gets an {@code ErrorReply{INTERNAL_ERROR}}; the shard carries on with the next event.</li>
 *   <li>An asynchronous request handler's response is sent when its stage completes, from the
 *       completing thread; a stage that fails is treated like a handler that throws.</li>
 * </ul>
 *
 * <p>Stateless apart from counters; every shard thread calls the one instance.
 */
@Singleton
public final class MessageDispatcher implements FrameProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);

    private final FrameCodec<Envelope> codec;
    private final HandlerRegistry handlers;
    private final HandlerSettings settings;
    private final DispatchMetrics metrics;

    @Inject
    public MessageDispatcher(FrameCodec<Envelope> codec, HandlerRegistry handlers, HandlerSettings settings,
                             DispatchMetrics metrics) {
        this.codec = codec;
        this.handlers = handlers;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void onOpen(Session session) {
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
        Envelope envelope;
        try {
            envelope = codec.decode(payload);
        } catch (ProtocolException e) {
            metrics.countProtocolError(e.error());
            LOG.warn("{}: {}{}", session, e.getMessage(), settings.closeOnProtocolError() ? "; closing" : "");
            for (BiConsumer<Session, ProtocolException> listener : handlers.protocolErrorListeners()) {
                try {
                    listener.accept(session, e);
                } catch (RuntimeException failure) {
                    metrics.countHandlerError();
                    LOG.error("{}: protocol error listener failed", session, failure);
                }
            }
            if (settings.closeOnProtocolError()) {
                session.close(CloseReason.PROTOCOL_ERROR);
            }
            return;
        }
        HandlerRegistry.Binding binding = handlers.forId(envelope.messageId());
        if (binding == null) {
            onUnhandled(session, envelope);
            return;
        }
        Object result;
        try {
            result = binding.invoke(session, envelope.message(), envelope.requestId());
        } catch (Exception e) {
            metrics.countHandlerError();
            LOG.error("{}: handler for {} (request {}) threw", session, envelope.message().getDescriptorForType().getFullName(),
                    Integer.toUnsignedString(envelope.requestId()), e);
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

    /** Any thread: the stage's response (or an INTERNAL_ERROR reply) goes out when it completes. */
    private void replyWhenComplete(Session session, Envelope envelope, CompletionStage<?> pending) {
        int requestId = envelope.requestId();
        int messageId = envelope.messageId();
        Message request = envelope.message();
        pending.whenComplete((response, error) -> {
            if (error != null) {
                metrics.countHandlerError();
                LOG.error("{}: asynchronous handler for {} (request {}) failed", session,
                        request.getDescriptorForType().getFullName(), Integer.toUnsignedString(requestId), error);
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
            LOG.error("{}: response {} to {} cannot be sent", session, response.getDescriptorForType().getFullName(),
                    request.getDescriptorForType().getFullName(), e);
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
        LOG.warn("{}: no handler for {} (id {}); policy {}", session, type, envelope.messageId(), settings.unhandled());
        switch (settings.unhandled()) {
            case ERROR_REPLY:
                reply(session, envelope, ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, "no handler for " + type);
                break;
            case CLOSE:
                session.close(CloseReason.PROTOCOL_ERROR);
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

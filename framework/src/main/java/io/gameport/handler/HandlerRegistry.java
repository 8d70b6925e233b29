package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.protocol.MessageRegistry;
import io.gameport.protocol.MessageType;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Handlers by message id, built once at start-up from every {@link MessageHandlers} group and
 * then immutable: a look-up is one array read by the id already in the frame header, and a call
 * is a plain interface call (no reflection at any point).
 *
 * <p>Start-up fails with a clear message when a type is registered twice (naming both groups)
 * or a handled type is missing from the {@link MessageRegistry}.
 */
public final class HandlerRegistry {

    /**
     * A registered handler, typed by erasure: the registry guarantees the message's class. Each
     * registration kind supplies only {@link #invoke}; the owner is kept to name both groups when a
     * type is registered twice.
     */
    abstract static class Binding {
        private final String owner;
        private final Class<? extends Message> type;
        /** Registered with one of the request kinds: the default over-limit policy answers it. */
        private final boolean request;
        /** The declared limit, or null; set during start-up only. */
        RateLimit limit;
        /** This type's bucket among a session's per-type buckets; -1 when unlimited. Set by {@link Builder#build}. */
        int limitSlot = -1;
        /** The limit's refill time per permit and bucket size, computed once at build. */
        long limitCostNanos;
        long limitCapacityNanos;
        /** The answer to a request over the limit, built once: {@code ErrorReply{RATE_LIMITED}} naming this type. */
        ErrorReply overLimitReply;

        Binding(String owner, Class<? extends Message> type, boolean request) {
            this.owner = owner;
            this.type = type;
            this.request = request;
        }

        /** @return the response to send, a {@code CompletionStage} of it (asynchronous requests), or null */
        abstract Object invoke(Session session, Message message, int requestId) throws Exception;

        final String owner() {
            return owner;
        }

        final boolean isRequest() {
            return request;
        }
    }

    private final Binding[] byId;
    private final int limitedTypes;
    private final List<Consumer<Session>> openListeners;
    private final List<BiConsumer<Session, CloseReason>> closeListeners;
    private final List<BiConsumer<Session, ProtocolException>> protocolErrorListeners;
    private final List<Consumer<Session>> suspendListeners;
    private final List<Consumer<Session>> resumeListeners;

    private HandlerRegistry(Binding[] byId, int limitedTypes, List<Consumer<Session>> openListeners,
                            List<BiConsumer<Session, CloseReason>> closeListeners,
                            List<BiConsumer<Session, ProtocolException>> protocolErrorListeners,
                            List<Consumer<Session>> suspendListeners, List<Consumer<Session>> resumeListeners) {
        this.suspendListeners = List.copyOf(suspendListeners);
        this.resumeListeners = List.copyOf(resumeListeners);
        this.byId = byId;
        this.limitedTypes = limitedTypes;
        this.openListeners = List.copyOf(openListeners);
        this.closeListeners = List.copyOf(closeListeners);
        this.protocolErrorListeners = List.copyOf(protocolErrorListeners);
    }

    public static HandlerRegistry build(MessageRegistry messages, Iterable<? extends MessageHandlers> groups) {
        Builder builder = new Builder(messages);
        for (MessageHandlers group : groups) {
            builder.owner = group.getClass().getName();
            group.register(builder);
        }
        return builder.build();
    }

    Binding forId(int messageId) {
        return messageId >= 0 && messageId < byId.length ? byId[messageId] : null;
    }

    /** The highest message id with a handler. */
    int maxId() {
        return byId.length - 1;
    }

    /** How many message types declared a limit: the number of per-type buckets each session keeps. */
    int limitedTypes() {
        return limitedTypes;
    }

    List<Consumer<Session>> openListeners() {
        return openListeners;
    }

    List<BiConsumer<Session, CloseReason>> closeListeners() {
        return closeListeners;
    }

    List<BiConsumer<Session, ProtocolException>> protocolErrorListeners() {
        return protocolErrorListeners;
    }

    List<Consumer<Session>> suspendListeners() {
        return suspendListeners;
    }

    List<Consumer<Session>> resumeListeners() {
        return resumeListeners;
    }

    /** Collects handlers during start-up; not thread-safe. */
    public static final class Builder {
        private final MessageRegistry messages;
        private final Map<Integer, Binding> bindings = new HashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final List<Consumer<Session>> openListeners = new ArrayList<>();
        private final List<BiConsumer<Session, CloseReason>> closeListeners = new ArrayList<>();
        private final List<BiConsumer<Session, ProtocolException>> protocolErrorListeners = new ArrayList<>();
        private final List<Consumer<Session>> suspendListeners = new ArrayList<>();
        private final List<Consumer<Session>> resumeListeners = new ArrayList<>();
        private String owner = "?";

        Builder(MessageRegistry messages) {
            this.messages = messages;
        }

        /**
         * Handles {@code type}, which expects no response. The returned registration may declare a
         * {@linkplain Registration#limit rate limit} (default policy {@link OverLimit#DROP}).
         */
        public <M extends Message> Registration message(Class<M> type, MessageHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            return add(type, new Binding(owner, type, false) {
                @Override
                Object invoke(Session session, Message message, int requestId) throws Exception {
                    handler.handle(session, type.cast(message));
                    return null;
                }
            });
        }

        /**
         * Handles requests of {@code type}: the handler's result is the response, sent with the
         * request's id. The returned registration may declare a {@linkplain Registration#limit rate
         * limit} (default policy {@link OverLimit#REPLY_ERROR}); so may those of the other request kinds.
         */
        public <M extends Message> Registration request(Class<M> type, RequestHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            return add(type, new Binding(owner, type, true) {
                @Override
                Object invoke(Session session, Message message, int requestId) throws Exception {
                    return handler.handle(session, type.cast(message));
                }
            });
        }

        /**
         * Handles requests of {@code type} whose response comes later: the handler returns a stage
         * and the response is sent, with the request's id, when it completes (see {@link AsyncRequestHandler}).
         */
        public <M extends Message> Registration requestAsync(Class<M> type, AsyncRequestHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            return add(type, new Binding(owner, type, true) {
                @Override
                Object invoke(Session session, Message message, int requestId) throws Exception {
                    return Objects.requireNonNull(handler.handle(session, type.cast(message)),
                            "an asynchronous request handler returned no stage");
                }
            });
        }

        /**
         * Handles requests of {@code type} that the game answers later itself, with
         * {@code session.reply(requestId, response)} from the thread that owns the answer
         * (see {@link DeferredRequestHandler}).
         */
        public <M extends Message> Registration requestDeferred(Class<M> type, DeferredRequestHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            return add(type, new Binding(owner, type, true) {
                @Override
                Object invoke(Session session, Message message, int requestId) throws Exception {
                    handler.handle(session, type.cast(message), requestId);
                    return null;
                }
            });
        }

        /** Called on the session's shard before its first message. */
        public Builder onOpen(Consumer<Session> listener) {
            openListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Called on the session's shard after its last message: the place to leave rooms, save state. */
        public Builder onClose(BiConsumer<Session, CloseReason> listener) {
            closeListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Called on the session's shard when one of its frames does not decode, after it is counted
         * and logged and before the session is closed (when {@link HandlerSettings#closeOnProtocolError()}
         * says so): the place to answer a malformed request in the game's own terms.
         */
        public Builder onProtocolError(BiConsumer<Session, ProtocolException> listener) {
            protocolErrorListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Resumable sessions: called on the session's shard when its connection dropped and the
         * session is kept for its grace period (sends to it are kept meanwhile). Either
         * {@link #onResume} or {@link #onClose} follows.
         */
        public Builder onSuspend(Consumer<Session> listener) {
            suspendListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Resumable sessions: called on the session's shard when a suspended session continues on a new connection. */
        public Builder onResume(Consumer<Session> listener) {
            resumeListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        private Registration add(Class<? extends Message> type, Binding binding) {
            register(type, binding);
            return new Registration(this, binding);
        }

        private void register(Class<? extends Message> type, Binding binding) {
            MessageType registered = null;
            for (MessageType candidate : messages.types()) {
                if (candidate.javaClass() == type) {
                    registered = candidate;
                    break;
                }
            }
            if (registered == null) {
                problems.add(type.getName() + " (handled by " + owner + ") is not in the message registry;"
                        + " add its .proto file to the codec module");
                return;
            }
            Binding previous = bindings.putIfAbsent(registered.id(), binding);
            if (previous != null) {
                problems.add(registered.fullName() + " (id " + registered.id() + ") has two handlers: in "
                        + previous.owner() + " and in " + owner);
            }
        }

        HandlerRegistry build() {
            if (!problems.isEmpty()) {
                throw new IllegalStateException("invalid message handlers: " + String.join("; ", problems));
            }
            int maxId = 0;
            for (int id : bindings.keySet()) {
                maxId = Math.max(maxId, id);
            }
            Binding[] byId = new Binding[maxId + 1];
            bindings.forEach((id, binding) -> byId[id] = binding);
            int limited = 0;
            for (int id = 0; id < byId.length; id++) {
                Binding binding = byId[id];
                if (binding != null && binding.limit != null) {
                    binding.limitSlot = limited++;
                    binding.limitCostNanos = binding.limit.nanosPerPermit();
                    binding.limitCapacityNanos = binding.limit.capacityNanos();
                    binding.overLimitReply = ErrorReply.newBuilder().setCode(ErrorCode.ERROR_CODE_RATE_LIMITED)
                            .setReason("rate limited: at most " + binding.limit.permits() + " " + binding.type.getSimpleName()
                                    + " per " + binding.limit.period()).setCauseMsgId(id).build();
                }
            }
            return new HandlerRegistry(byId, limited, openListeners, closeListeners, protocolErrorListeners, suspendListeners,
                    resumeListeners);
        }
    }

    /**
     * One handler just registered: where a rate limit for its message type is declared, per
     * session, before the registration of the next handler, e.g.
     *
     * <pre>{@code
     * on.message(ChatMessage.class, this::chat).limit(5, Duration.ofSeconds(1));
     * on.request(CreateRoomRequest.class, this::create).limit(2, Duration.ofSeconds(1), OverLimit.CLOSE);
     * }</pre>
     *
     * <p>The builder's methods are repeated here so that registrations still chain
     * ({@code on.message(A.class, a).limit(...).message(B.class, b)}). Start-up only; not thread-safe.
     */
    public static final class Registration {
        private final Builder builder;
        private final Binding binding;

        private Registration(Builder builder, Binding binding) {
            this.builder = builder;
            this.binding = binding;
        }

        /**
         * Limits this message type to {@code permits} per {@code period} per session, with bursts of
         * up to {@code permits}; over it, requests are answered with {@code ErrorReply{ERROR_CODE_RATE_LIMITED}}
         * and one-way messages are dropped ({@link OverLimit#REPLY_ERROR} / {@link OverLimit#DROP}),
         * counted either way.
         */
        public Registration limit(int permits, Duration period) {
            return limit(permits, period, binding.isRequest() ? OverLimit.REPLY_ERROR : OverLimit.DROP);
        }

        /** Limits this message type to {@code permits} per {@code period} per session, bursts up to {@code permits}, with {@code policy} over it. */
        public Registration limit(int permits, Duration period, OverLimit policy) {
            RateLimit limit = new RateLimit(permits, period, policy);
            if (binding.limit != null) {
                throw new IllegalStateException(binding.type.getName() + " already has a limit (" + binding.limit
                        + "); declare one per type");
            }
            binding.limit = limit;
            return this;
        }

        /** The limit declared so far, or null. */
        public RateLimit limit() {
            return binding.limit;
        }

        public <M extends Message> Registration message(Class<M> type, MessageHandler<M> handler) {
            return builder.message(type, handler);
        }

        public <M extends Message> Registration request(Class<M> type, RequestHandler<M> handler) {
            return builder.request(type, handler);
        }

        public <M extends Message> Registration requestAsync(Class<M> type, AsyncRequestHandler<M> handler) {
            return builder.requestAsync(type, handler);
        }

        public <M extends Message> Registration requestDeferred(Class<M> type, DeferredRequestHandler<M> handler) {
            return builder.requestDeferred(type, handler);
        }

        public Builder onOpen(Consumer<Session> listener) {
            return builder.onOpen(listener);
        }

        public Builder onClose(BiConsumer<Session, CloseReason> listener) {
            return builder.onClose(listener);
        }

        public Builder onProtocolError(BiConsumer<Session, ProtocolException> listener) {
            return builder.onProtocolError(listener);
        }

        public Builder onSuspend(Consumer<Session> listener) {
            return builder.onSuspend(listener);
        }

        public Builder onResume(Consumer<Session> listener) {
            return builder.onResume(listener);
        }
    }
}

package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.protocol.MessageRegistry;
import io.gameport.protocol.MessageType;
import io.gameport.protocol.ProtocolException;
import io.gameport.session.Session;
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

        Binding(String owner) {
            this.owner = owner;
        }

        /** @return the response to send, a {@code CompletionStage} of it (asynchronous requests), or null */
        abstract Object invoke(Session session, Message message, int requestId) throws Exception;

        final String owner() {
            return owner;
        }
    }

    private final Binding[] byId;
    private final List<Consumer<Session>> openListeners;
    private final List<BiConsumer<Session, CloseReason>> closeListeners;
    private final List<BiConsumer<Session, ProtocolException>> protocolErrorListeners;

    private HandlerRegistry(Binding[] byId, List<Consumer<Session>> openListeners,
                            List<BiConsumer<Session, CloseReason>> closeListeners,
                            List<BiConsumer<Session, ProtocolException>> protocolErrorListeners) {
        this.byId = byId;
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

    List<Consumer<Session>> openListeners() {
        return openListeners;
    }

    List<BiConsumer<Session, CloseReason>> closeListeners() {
        return closeListeners;
    }

    List<BiConsumer<Session, ProtocolException>> protocolErrorListeners() {
        return protocolErrorListeners;
    }

    /** Collects handlers during start-up; not thread-safe. */
    public static final class Builder {
        private final MessageRegistry messages;
        private final Map<Integer, Binding> bindings = new HashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final List<Consumer<Session>> openListeners = new ArrayList<>();
        private final List<BiConsumer<Session, CloseReason>> closeListeners = new ArrayList<>();
        private final List<BiConsumer<Session, ProtocolException>> protocolErrorListeners = new ArrayList<>();
        private String owner = "?";

        Builder(MessageRegistry messages) {
            this.messages = messages;
        }

        /** Handles {@code type}, which expects no response. */
        public <M extends Message> Builder message(Class<M> type, MessageHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            add(type, new Binding(owner) {
                @Override
                Object invoke(Session session, Message message, int requestId) throws Exception {
                    handler.handle(session, type.cast(message));
                    return null;
                }
            });
            return this;
        }

        /** Handles requests of {@code type}: the handler's result is the response, sent with the request's id. */
        public <M extends Message> Builder request(Class<M> type, RequestHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            add(type, new Binding(owner) {
                @Override
                Object invoke(Session session, Message message, int requestId) throws Exception {
                    return handler.handle(session, type.cast(message));
                }
            });
            return this;
        }

        /**
         * Handles requests of {@code type} whose response comes later: the handler returns a stage
         * and the response is sent, with the request's id, when it completes (see {@link AsyncRequestHandler}).
         */
        public <M extends Message> Builder requestAsync(Class<M> type, AsyncRequestHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            add(type, new Binding(owner) {
                @Override
                Object invoke(Session session, Message message, int requestId) throws Exception {
                    return Objects.requireNonNull(handler.handle(session, type.cast(message)),
                            "an asynchronous request handler returned no stage");
                }
            });
            return this;
        }

        /**
         * Handles requests of {@code type} that the game answers later itself, with
         * {@code session.reply(requestId, response)} from the thread that owns the answer
         * (see {@link DeferredRequestHandler}).
         */
        public <M extends Message> Builder requestDeferred(Class<M> type, DeferredRequestHandler<M> handler) {
            Objects.requireNonNull(handler, "handler");
            add(type, new Binding(owner) {
                @Override
                Object invoke(Session session, Message message, int requestId) throws Exception {
                    handler.handle(session, type.cast(message), requestId);
                    return null;
                }
            });
            return this;
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

        private void add(Class<? extends Message> type, Binding binding) {
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
            return new HandlerRegistry(byId, openListeners, closeListeners, protocolErrorListeners);
        }
    }
}

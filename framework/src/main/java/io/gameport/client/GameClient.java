package io.gameport.client;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import io.gameport.log.RateLimitedLog;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.ConnectionHandler;
import io.gameport.net.SendResult;
import io.gameport.log.PeerLogs;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.MessageRegistry;
import io.gameport.protocol.MessageType;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.ProtocolFiles;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.time.NanoClock;
import io.gameport.tls.TlsContext;
import io.gameport.transport.ErrorMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to a game server (a player, a bot, a test, a server linking to another),
 * speaking the Protobuf protocol.
 *
 * <pre>{@code
 * GameClient client = GameClient.builder()
 *         .address("127.0.0.1", 7000)
 *         .protocol(RoomProto.getDescriptor())
 *         .on(TickState.class, tick -> world.apply(tick))
 *         .on(Disconnect.class, notice -> ui.show(notice.getReason()))
 *         .onClose((c, reason) -> ui.offline(reason))
 *         .connect().get();
 * JoinRoomResponse joined = client.request(join, JoinRoomResponse.class).get();
 * }</pre>
 *
 * <p><b>Requests</b>: {@link #request} gives the message a fresh request id and returns a future
 * completed by the response carrying that id; an {@code ErrorReply} fails it with
 * {@link ErrorReplyException}, the timeout with {@link RequestTimeoutException}, a close with
 * {@link ConnectionLostException}. A response whose request already timed out is counted
 * ({@link #lateResponses()}) and dropped.
 *
 * <p><b>Pushes</b> (messages with request id 0) go to the handler registered for their class with
 * {@link Builder#on}: one map look-up per message. The server's heartbeat {@code Ping}s are
 * answered with {@code Pong} by the client itself, and a {@code Disconnect} (the server closing the
 * session on purpose, and why) is kept for {@link #disconnect()}; both also reach a handler if one
 * is registered for them. An {@code ErrorReply} pushed without a request id (the server refusing a
 * one-way message) is a push like any other. A push of a type with no handler is counted
 * ({@link #unhandledPushes()}) and handed to {@link Builder#onUnhandled}, or logged (a few lines a
 * second at most) when there is none.
 *
 * <p><b>Errors</b>: a frame from the server that does not decode is counted ({@link #protocolErrors()})
 * and closes the connection ({@code PROTOCOL_ERROR}); a push handler that throws is counted
 * ({@link #handlerFailures()}) and the next message is handled as usual. Both go to
 * {@link Builder#onError}, or are logged when there is none.
 *
 * <p><b>Threads</b>: sends and requests from any thread. Handlers and listeners run, and futures
 * complete, on the connection's I/O worker, one message at a time in the order the server sent
 * them: do not block there (use the futures' {@code *Async} methods for slow work).
 */
public final class GameClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GameClient.class);
    /** Shared by every client of the process: a thousand bots meeting one unknown push write a few lines, not a thousand. */
    private static final RateLimitedLog UNHANDLED_LOG =
            new RateLimitedLog(LOG, "unhandled pushes", 5, 1, TimeUnit.SECONDS, NanoClock.SYSTEM);
    private static final RateLimitedLog ERROR_LOG =
            new RateLimitedLog(LOG, "client receive errors", 5, 1, TimeUnit.SECONDS, NanoClock.SYSTEM);

    private final MessageCodec codec;
    private final long requestTimeoutMs;
    private final Map<Class<?>, Consumer<Message>> handlers;
    private final Consumer<Message> unhandledListener;
    private final Consumer<Exception> errorListener;
    private final BiConsumer<GameClient, CloseReason> closeListener;
    /** The transport this client made for itself and closes with itself; null when it shares one. */
    private final TransportClient ownTransport;
    /** Set by the first close: the own transport is stopped once, whichever thread closes first. */
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private final PendingRequests requests;
    private final LongAdder protocolErrors = new LongAdder();
    private final LongAdder unhandledPushes = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private volatile Connection connection;
    /** The connection's I/O worker: closing the own transport from it must not wait for it to stop. */
    private volatile Thread ioThread;
    private volatile CloseReason closeReason;
    private volatile Disconnect disconnect;
    /** Resumable sessions, or null when {@link GameClientSettings#resume()} is off. */
    private final ClientResumption resumption;
    /** Set once the session ended: pending requests failed, the close listener ran. */
    private final AtomicBoolean finished = new AtomicBoolean();
    /** {@link #close()} was called: once the session has ended, the own transport stops. */
    private volatile boolean userClosed;
    private final InetSocketAddress address;
    private final TransportClient transport;

    private GameClient(Builder builder, MessageCodec codec, Map<Class<?>, Consumer<Message>> handlers,
                       TransportClient ownTransport, TransportClient transport) {
        this.address = builder.address;
        this.transport = transport;
        this.resumption = builder.settings.resume().enabled()
                ? new ClientResumption(this, builder.settings.resume(), builder.sessionListener) : null;
        this.codec = codec;
        this.requestTimeoutMs = builder.settings.requestTimeoutMs();
        this.handlers = handlers;
        this.unhandledListener = builder.unhandledListener;
        this.errorListener = builder.errorListener;
        this.closeListener = builder.closeListener;
        this.ownTransport = ownTransport;
        this.timer = RequestTimer.shared();
        this.requests = new PendingRequests(timer, () -> resumption != null && resumption.isSuspended());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sends a message that expects no response. */
    public SendResult send(Message message) {
        if (resumption != null) {
            return resumption.send(codec.encode(message, MessageHeader.NO_REQUEST));
        }
        return connection().send(codec.encode(message, MessageHeader.NO_REQUEST));
    }

    /** {@link #request(Message, Class, Duration)} with the settings' {@link GameClientSettings#requestTimeoutMs()}. */
    public <R extends Message> CompletableFuture<R> request(Message request, Class<R> responseType) {
        return request(request, responseType, requestTimeoutMs);
    }

    /**
     * Sends {@code request} and completes with the response, which must be a {@code responseType}
     * (else the future fails with {@link ClassCastException}).
     */
    public <R extends Message> CompletableFuture<R> request(Message request, Class<R> responseType, Duration timeout) {
        return request(request, responseType, Math.max(1, timeout.toMillis()));
    }

    private <R extends Message> CompletableFuture<R> request(Message request, Class<R> responseType, long timeoutMs) {
        PendingRequests.Request entry = requests.add(request.getDescriptorForType().getFullName(), timeoutMs);
        SendResult result;
        try {
            ByteBuffer encoded = codec.encode(request, entry.id());
            result = resumption != null ? resumption.send(encoded) : connection().send(encoded);
        } catch (RuntimeException e) {
            requests.fail(entry, e);
            return entry.future().thenApply(responseType::cast);
        }
        if (result != SendResult.QUEUED) {
            requests.fail(entry, new IllegalStateException(entry.type() + " request not sent: " + result));
        } else if (closeReason != null) {
            // Closed between the send and now: onClose may have swept pending entries before ours.
            requests.fail(entry, new ConnectionLostException(entry.type(), closeReason));
        }
        return entry.future().thenApply(responseType::cast);
    }

    /** Responses that arrived after their request had timed out (or for no request at all); dropped. */
    public long lateResponses() {
        return requests.lateResponses();
    }

    /** Frames from the server that failed to decode; each closes the connection. */
    public long protocolErrors() {
        return protocolErrors.sum();
    }

    /** Pushes of a type no handler was registered for. */
    public long unhandledPushes() {
        return unhandledPushes.sum();
    }

    /** Pushes whose handler threw. */
    public long handlerFailures() {
        return handlerFailures.sum();
    }

    /** Requests still waiting for a response. */
    public int pendingRequests() {
        return requests.size();
    }

    /** Connected now (a resumable client that is reconnecting is not open, nor is it {@linkplain #isSuspended() lost}). */
    public boolean isOpen() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    /** A resumable client whose connection dropped and that is reconnecting; requests stay pending meanwhile. */
    public boolean isSuspended() {
        return resumption != null && resumption.isSuspended();
    }

    /** Sessions resumed on a new connection (0 without resumption). */
    public long resumes() {
        return resumption == null ? 0 : resumption.resumes();
    }

    /** Connection drops that suspended the session (0 without resumption). */
    public long suspensions() {
        return resumption == null ? 0 : resumption.suspensions();
    }

    /** Reconnect attempts that failed (refused, or closed before resuming); the session may still have resumed later. */
    public long failedReconnects() {
        return resumption == null ? 0 : resumption.failedAttempts();
    }

    /** Messages sent again after resumes. */
    public long replayedMessages() {
        return resumption == null ? 0 : resumption.replayedFrames();
    }

    /** Messages sent and not yet acknowledged by the server (0 without resumption). */
    public int unacknowledgedMessages() {
        return resumption == null ? 0 : resumption.keptFrames();
    }

    /** Why the connection closed, or null while open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    /**
     * The {@code Disconnect} the server sent before closing the session on purpose (its
     * {@code code} and {@code reason} say why: idle, rate limited, replaced, shutting down...), or
     * null if none came. Set before the close listener runs.
     */
    public Disconnect disconnect() {
        return disconnect;
    }

    /**
     * Closes the connection (pending requests fail with {@link ConnectionLostException}, the close
     * listener runs) and, when the client made its own transport, stops that transport's I/O thread:
     * call it even after the server closed the connection. Idempotent, any thread.
     */
    @Override
    public void close() {
        if (resumption != null) {
            userClosed = true;
            if (!resumption.close()) {
                // No connection whose close would end the session.
                finish(CloseReason.LOCAL_CLOSE);
            }
            if (!finished.get()) {
                // The goodbye to the server is on its way: the own transport stops once the connection closed (finish).
                return;
            }
        } else {
            Connection c = connection;
            if (c != null) {
                c.close();
            }
        }
        stopOwnTransport();
    }

    private void stopOwnTransport() {
        if (ownTransport != null && closed.compareAndSet(false, true)) {
            if (Thread.currentThread() == ioThread) {
                // Called from a handler: the I/O thread cannot wait for itself to stop.
                runOffThread(ownTransport::close);
            } else {
                ownTransport.close();
            }
        }
    }

    /**
     * Runs a transport's stop on a thread of its own. Not on the shared request timer: a stop waits
     * for the transport's I/O threads (and, on IOCP, for every aborted completion), and meanwhile
     * every client's request timeouts, acknowledgements, heartbeats and reconnects would wait too.
     */
    private static void runOffThread(Runnable stop) {
        Thread thread = new Thread(stop, "gameport-client-transport-stop");
        thread.setDaemon(true);
        thread.start();
    }

    private Connection connection() {
        Connection c = connection;
        if (c == null) {
            throw new IllegalStateException("not connected");
        }
        return c;
    }

    // ---- for ClientResumption ----

    ByteBuffer encode(Message message, int requestId) {
        return codec.encode(message, requestId);
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void keepDisconnect(Disconnect notice) {
        disconnect = notice;
    }

    /** The connection attached now (null while reconnecting). */
    void attached(Connection c) {
        connection = c;
    }

    CompletableFuture<Connection> reconnect() {
        return transport.connect(address, new Handler(true));
    }

    /** The session ended: pending requests fail, the close listener runs; once. Any thread. */
    void finish(CloseReason reason) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        requests.failAll(reason);
        if (closeListener != null) {
            try {
                closeListener.accept(GameClient.this, reason);
            } catch (RuntimeException e) {
                LOG.error("{}: close listener failed", this, e);
            }
        }
        if (resumption != null && userClosed) {
            // Not from the I/O thread: stopping the transport waits for it.
            runOffThread(this::stopOwnTransport);
        }
    }

    private void onEnvelope(Envelope envelope) {
        if (envelope.isRequest()) {
            requests.answer(envelope.requestId(), envelope.message());
            return;
        }
        Message message = envelope.message();
        boolean answered = answerFrameworkPush(message);
        Consumer<Message> handler = handlers.get(message.getClass());
        if (handler != null) {
            handler.accept(message);
        } else if (!answered) {
            unhandledPushes.increment();
            if (unhandledListener != null) {
                unhandledListener.accept(message);
            } else {
                UNHANDLED_LOG.warn("{}: no handler for pushed {}; dropped", connection, message.getDescriptorForType().getFullName());
            }
        }
    }

    /** The protocol's own pushes: a Ping is answered, a Disconnect kept. True when {@code message} was one. */
    private boolean answerFrameworkPush(Message message) {
        if (message instanceof Ping ping) {
            Pong.Builder pong = Pong.newBuilder().setNonce(ping.getNonce()).setPingSentAtMs(ping.getSentAtMs())
                    .setRepliedAtMs(System.currentTimeMillis());
            if (resumption != null) {
                resumption.acknowledgedByHeartbeat(ping.getReceived(), connection);
                pong.setReceived(resumption.receivedForHeartbeat());
            }
            send(pong.build());
            return true;
        }
        if (message instanceof Pong pong && resumption != null) {
            // The answer to the client's own heartbeat (and to its first Ping): it acknowledges.
            resumption.acknowledgedByHeartbeat(pong.getReceived(), connection);
            return true;
        }
        if (message instanceof Disconnect notice) {
            disconnect = notice;
            LOG.debug("{}: the server is closing the session: {} {}", connection, notice.getCode(), notice.getReason());
            return true;
        }
        return false;
    }

    private void reportError(Connection c, Exception error, String what) {
        if (errorListener == null) {
            ERROR_LOG.warn("{}: {}", c, what);
            return;
        }
        try {
            errorListener.accept(error);
        } catch (RuntimeException e) {
            LOG.error("{}: error listener failed on {}", c, what, e);
        }
    }

    /** Runs on the connection's I/O worker. */
    private final class Handler implements ConnectionHandler {
        /** A reconnect of a resumable session: its first frame is the Resume. */
        private final boolean reconnect;

        Handler(boolean reconnect) {
            this.reconnect = reconnect;
        }

        @Override
        public void onOpen(Connection c) {
            ioThread = Thread.currentThread();
            if (reconnect) {
                resumption.reconnected(c);
                return;
            }
            connection = c;
            if (resumption != null) {
                resumption.firstOpened(c);
            }
        }

        @Override
        public void onFrame(Connection c, ByteBuffer payload) {
            if (resumption != null && resumption.onFrame(c, payload)) {
                return;
            }
            Envelope envelope;
            try {
                envelope = codec.decode(payload);
            } catch (ProtocolException e) {
                protocolErrors.increment();
                reportError(c, e, e.getMessage() + "; closing");
                c.close(CloseReason.PROTOCOL_ERROR);
                return;
            }
            try {
                onEnvelope(envelope);
            } catch (RuntimeException e) {
                handlerFailures.increment();
                reportError(c, e, "handler of " + envelope.message().getDescriptorForType().getFullName() + " failed: " + e);
            }
        }

        @Override
        public void onClose(Connection c, CloseReason reason) {
            if (resumption != null && resumption.onConnectionClosed(c, reason)) {
                return;
            }
            finish(reason);
        }
    }

    /**
     * What a {@link GameClient} connects to, speaks and does with what arrives. Handlers are given
     * here, before the connection opens, so none can miss the first pushes. Not thread-safe; one
     * builder may connect several clients alike.
     */
    public static final class Builder {
        private InetSocketAddress address;
        private GameClientSettings settings = GameClientSettings.defaults();
        private final List<FileDescriptor> files = new ArrayList<>();
        private MessageCodec codec;
        private TransportClient transport;
        private TlsContext tls;
        private final Map<Class<?>, Consumer<Message>> handlers = new LinkedHashMap<>();
        private Consumer<Message> unhandledListener;
        private Consumer<Exception> errorListener;
        private BiConsumer<GameClient, CloseReason> closeListener;
        private SessionListener sessionListener = new SessionListener() { };

        private Builder() {
        }

        /** The server to connect to (required). With TLS, {@code address}'s host name is checked against the server's certificate. */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder address(String host, int port) {
            return address(new InetSocketAddress(Objects.requireNonNull(host, "host"), port));
        }

        public Builder settings(GameClientSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The game's {@code .proto} files; the framework's own messages are always understood. */
        public Builder protocol(FileDescriptor... files) {
            for (FileDescriptor file : files) {
                this.files.add(Objects.requireNonNull(file, "protocol file"));
            }
            return this;
        }

        /**
         * A codec made once and shared by many clients (a fleet of bots), instead of
         * {@link #protocol} files and the settings' {@link GameClientSettings#protocol() limits}.
         */
        public Builder codec(MessageCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * I/O workers shared with other clients (a fleet of bots); not closed with this client, and
         * speaking TLS if it was made with a {@link TlsContext}. Without it, the client makes a
         * transport of one I/O thread for itself and stops it on {@link GameClient#close()}.
         */
        public Builder transport(TransportClient shared) {
            this.transport = Objects.requireNonNull(shared, "transport");
            return this;
        }

        /** Speaks TLS with {@code clientContext} (the roots the server's certificate must chain to); not closed with the client. */
        public Builder tls(TlsContext clientContext) {
            this.tls = Objects.requireNonNull(clientContext, "tls");
            return this;
        }

        /**
         * Hands every pushed {@code type} to {@code handler}, on the I/O worker.
         *
         * @throws IllegalArgumentException if {@code type} already has a handler
         */
        @SuppressWarnings("unchecked")
        public <T extends Message> Builder on(Class<T> type, Consumer<? super T> handler) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
            if (handlers.putIfAbsent(type, (Consumer<Message>) handler) != null) {
                throw new IllegalArgumentException("a push handler for " + type.getName() + " is already registered");
            }
            return this;
        }

        /** Pushes of a type without a handler (counted in {@link GameClient#unhandledPushes()}); instead of a log line. */
        public Builder onUnhandled(Consumer<Message> listener) {
            this.unhandledListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Receive-path errors instead of a log line: a {@link ProtocolException} for a frame from the
         * server that did not decode (the connection then closes {@code PROTOCOL_ERROR}), or the
         * RuntimeException a push handler threw.
         */
        public Builder onError(Consumer<Exception> listener) {
            this.errorListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Learns when the connection closes, for whatever reason (the server closed it, it broke, a
         * frame from the server did not decode, or {@link GameClient#close}): once, on the I/O
         * worker, after every pending request has failed with {@link ConnectionLostException}. This
         * is how a client that only receives pushes (a player in a room) notices a drop;
         * {@link GameClient#disconnect()} then says why, when the server said so.
         */
        public Builder onClose(BiConsumer<GameClient, CloseReason> listener) {
            this.closeListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Learns what becomes of a resumable session ({@link GameClientSettings#resume()}): suspended
         * when the connection drops, resumed on a new one, or lost. Without resumption it is never called.
         */
        public Builder onSession(SessionListener listener) {
            this.sessionListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Connects. The future completes with the open client, or fails with
         * {@link io.gameport.net.ConnectFailedException} (whose outcome says whether to retry, e.g.
         * REFUSED) or the IOException that kept the client's own transport from starting.
         *
         * @throws IllegalStateException    if no address was given, or both a codec and protocol files,
         *                                  or both a shared transport and a TLS context
         * @throws IllegalArgumentException if a handler's type is not a message of the client's protocol
         */
        public CompletableFuture<GameClient> connect() {
            if (address == null) {
                throw new IllegalStateException("address: not set");
            }
            if (codec != null && !files.isEmpty()) {
                throw new IllegalStateException("codec and protocol: give one (the codec's registry already has its files)");
            }
            if (transport != null && tls != null) {
                throw new IllegalStateException("tls: a shared transport speaks TLS if it was made with a TlsContext");
            }
            MessageCodec clientCodec = codec != null ? codec : new MessageCodec(MessageRegistry.builder()
                    .addFiles(ProtocolFiles.framework()).addFiles(files).build(), settings.protocol());
            Map<Class<?>, Consumer<Message>> resolved = resolveHandlers(clientCodec.registry());
            TransportClient own = null;
            if (transport == null) {
                try {
                    // The client's frames are as large as its codec's protocol allows.
                    own = new TransportClient(TransportSettings.defaults().withWorkers(1), clientCodec.settings().maxFrameBytes(),
                            new ErrorMetrics(), PeerLogs.defaults(), tls);
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            GameClient client = new GameClient(this, clientCodec, resolved, own, own != null ? own : transport);
            CompletableFuture<Connection> connected = (own != null ? own : transport).connect(address, client.new Handler(false));
            if (own != null) {
                TransportClient stop = own;
                connected.whenComplete((c, failure) -> {
                    if (failure != null) {
                        // Completed on the transport's own I/O thread, which cannot wait for itself to stop.
                        runOffThread(stop::close);
                    }
                });
            }
            return connected.thenApply(c -> client);
        }

        private Map<Class<?>, Consumer<Message>> resolveHandlers(MessageRegistry registry) {
            Set<Class<?>> registered = new HashSet<>();
            for (MessageType type : registry.types()) {
                registered.add(type.javaClass());
            }
            for (Class<?> type : handlers.keySet()) {
                if (!registered.contains(type)) {
                    throw new IllegalArgumentException("a push handler for " + type.getName() + " can never run: it is not a "
                            + "message of this client's protocol (add its .proto file with protocol(...))");
                }
            }
            // An immutable map: the per-message look-up neither locks nor allocates.
            return Map.copyOf(handlers);
        }
    }
}

package io.gameport.client;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.ConnectionHandler;
import io.gameport.net.SendResult;
import io.gameport.net.TransportClient;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to a game server (bots, tests, servers linking to servers) over a
 * {@link TransportClient}, speaking the Protobuf protocol.
 *
 * <pre>{@code
 * GameClient client = GameClient.connect(transport, address, codec, message -> ...).get();
 * LoginResponse response = client.request(login, LoginResponse.class, Duration.ofSeconds(5)).get();
 * }</pre>
 *
 * <p>{@link #request} gives the message a fresh request id and returns a future completed by the
 * response carrying that id; an {@code ErrorReply} fails it with {@link ErrorReplyException}, the
 * timeout with {@link RequestTimeoutException}, a close with {@link ConnectionLostException}.
 * A response whose request already timed out is counted ({@link #lateResponses()}) and dropped.
 * The server's heartbeat {@code Ping}s are answered with {@code Pong} automatically; a
 * {@code Disconnect} (the server closing the session on purpose, and why) is kept for
 * {@link #disconnect()}, which the close listener can read; every other message without a
 * request id goes to the push listener.
 *
 * <p>Threads: sends and requests from any thread. Futures complete, and the push listener runs,
 * on the connection's I/O worker: do not block there (use the futures' {@code *Async} methods).
 */
public final class GameClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GameClient.class);

    private final MessageCodec codec;
    private final Consumer<Envelope> pushListener;
    private final BiConsumer<GameClient, CloseReason> closeListener;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextRequestId = new AtomicInteger();
    private final LongAdder lateResponses = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();
    private volatile Connection connection;
    private volatile CloseReason closeReason;
    private volatile Disconnect disconnect;

    private GameClient(MessageCodec codec, Consumer<Envelope> pushListener,
                       BiConsumer<GameClient, CloseReason> closeListener, ScheduledExecutorService timer) {
        this.codec = codec;
        this.pushListener = pushListener;
        this.closeListener = closeListener;
        this.timer = timer;
    }

    /**
     * Connects to {@code remote}. Messages the server pushes (request id 0, heartbeats excepted)
     * go to {@code pushListener} on the I/O worker.
     */
    public static CompletableFuture<GameClient> connect(TransportClient transport, InetSocketAddress remote,
                                                        MessageCodec codec, Consumer<Envelope> pushListener) {
        return connect(transport, remote, codec, pushListener, (client, reason) -> { });
    }

    /**
     * As {@link #connect(TransportClient, InetSocketAddress, MessageCodec, Consumer)}, and
     * {@code closeListener} learns when the connection closes, for whatever reason (the server
     * closed it, it broke, a frame from the server did not decode, or {@link #close}): once, on
     * the I/O worker, after every pending request has failed with {@link ConnectionLostException}.
     * This is how a client that is only receiving pushes (a player in a room) notices a drop;
     * {@code client.disconnect()} then says why, when the server said so.
     */
    public static CompletableFuture<GameClient> connect(TransportClient transport, InetSocketAddress remote,
                                                        MessageCodec codec, Consumer<Envelope> pushListener,
                                                        BiConsumer<GameClient, CloseReason> closeListener) {
        GameClient client = new GameClient(codec, Objects.requireNonNull(pushListener, "pushListener"),
                Objects.requireNonNull(closeListener, "closeListener"), RequestTimer.shared());
        return transport.connect(remote, client.new Handler()).thenApply(c -> client);
    }

    /** Sends a message that expects no response. */
    public SendResult send(Message message) {
        return connection().send(codec.encode(message, MessageHeader.NO_REQUEST));
    }

    /** Sends {@code request} and completes with whatever message answers it. */
    public CompletableFuture<Message> request(Message request, Duration timeout) {
        return request(request, Message.class, timeout);
    }

    /**
     * Sends {@code request} and completes with the response, which must be a {@code responseType}
     * (else the future fails with {@link ClassCastException}).
     */
    public <R extends Message> CompletableFuture<R> request(Message request, Class<R> responseType, Duration timeout) {
        CompletableFuture<Message> future = new CompletableFuture<>();
        String type = request.getDescriptorForType().getFullName();
        int requestId = reserveId(new Pending(future, type));
        Pending entry = pending.get(requestId);
        long timeoutMs = Math.max(1, timeout.toMillis());
        entry.timeout = timer.schedule(() -> {
            if (pending.remove(requestId, entry)) {
                future.completeExceptionally(new RequestTimeoutException(type, requestId, timeoutMs));
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        SendResult result;
        try {
            result = connection().send(codec.encode(request, requestId));
        } catch (RuntimeException e) {
            fail(requestId, entry, e);
            return future.thenApply(responseType::cast);
        }
        if (result != SendResult.QUEUED) {
            fail(requestId, entry, new IllegalStateException(type + " request not sent: " + result));
        } else if (closeReason != null) {
            // Closed between the send and now: onClose may have swept pending entries before ours.
            fail(requestId, entry, new ConnectionLostException(type, closeReason));
        }
        return future.thenApply(responseType::cast);
    }

    /** Responses that arrived after their request had timed out (or for no request at all); dropped. */
    public long lateResponses() {
        return lateResponses.sum();
    }

    /** Frames from the server that failed to decode; each closes the connection. */
    public long protocolErrors() {
        return protocolErrors.sum();
    }

    /** Requests still waiting for a response. */
    public int pendingRequests() {
        return pending.size();
    }

    public boolean isOpen() {
        Connection c = connection;
        return c != null && c.isOpen();
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

    public Connection connection() {
        Connection c = connection;
        if (c == null) {
            throw new IllegalStateException("not connected");
        }
        return c;
    }

    @Override
    public void close() {
        Connection c = connection;
        if (c != null) {
            c.close();
        }
    }

    private int reserveId(Pending entry) {
        while (true) {
            int id = nextRequestId.incrementAndGet();
            // 0 means "not a request"; after 2^32 requests ids wrap, and one still pending is skipped.
            if (id != MessageHeader.NO_REQUEST && pending.putIfAbsent(id, entry) == null) {
                return id;
            }
        }
    }

    private void fail(int requestId, Pending entry, Throwable failure) {
        if (pending.remove(requestId, entry)) {
            entry.cancelTimeout();
            entry.future.completeExceptionally(failure);
        }
    }

    private void onEnvelope(Envelope envelope) {
        if (envelope.isRequest()) {
            Pending entry = pending.remove(envelope.requestId());
            if (entry == null) {
                lateResponses.increment();
                LOG.debug("late response {} to request {} dropped", envelope.message().getDescriptorForType().getFullName(),
                        Integer.toUnsignedString(envelope.requestId()));
                return;
            }
            entry.cancelTimeout();
            if (envelope.message() instanceof ErrorReply) {
                entry.future.completeExceptionally(new ErrorReplyException((ErrorReply) envelope.message()));
            } else {
                entry.future.complete(envelope.message());
            }
            return;
        }
        if (envelope.message() instanceof Disconnect notice) {
            disconnect = notice;
            LOG.debug("{}: the server is closing the session: {} {}", connection, notice.getCode(), notice.getReason());
            return;
        }
        if (envelope.message() instanceof Ping) {
            Ping ping = (Ping) envelope.message();
            send(Pong.newBuilder().setNonce(ping.getNonce()).setPingSentAtMs(ping.getSentAtMs())
                    .setRepliedAtMs(System.currentTimeMillis()).build());
            return;
        }
        pushListener.accept(envelope);
    }

    private static final class Pending {
        final CompletableFuture<Message> future;
        final String type;
        volatile Future<?> timeout;

        Pending(CompletableFuture<Message> future, String type) {
            this.future = future;
            this.type = type;
        }

        void cancelTimeout() {
            Future<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /** Runs on the connection's I/O worker. */
    private final class Handler implements ConnectionHandler {
        @Override
        public void onOpen(Connection c) {
            connection = c;
        }

        @Override
        public void onFrame(Connection c, ByteBuffer payload) {
            Envelope envelope;
            try {
                envelope = codec.decode(payload);
            } catch (ProtocolException e) {
                protocolErrors.increment();
                LOG.warn("{}: {}; closing", c, e.getMessage());
                c.close(CloseReason.PROTOCOL_ERROR);
                return;
            }
            try {
                onEnvelope(envelope);
            } catch (RuntimeException e) {
                LOG.error("{}: push listener failed on {}", c, envelope.message().getDescriptorForType().getFullName(), e);
            }
        }

        @Override
        public void onClose(Connection c, CloseReason reason) {
            closeReason = reason;
            for (Integer id : pending.keySet()) {
                Pending entry = pending.remove(id);
                if (entry != null) {
                    entry.cancelTimeout();
                    entry.future.completeExceptionally(new ConnectionLostException(entry.type, reason));
                }
            }
            try {
                closeListener.accept(GameClient.this, reason);
            } catch (RuntimeException e) {
                LOG.error("{}: close listener failed", c, e);
            }
        }
    }
}

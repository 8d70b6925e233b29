package io.gameport.sample.bots;

import io.gameport.log.PeerLogs;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.client.ClientResumeSettings;
import io.gameport.client.GameClient;
import io.gameport.client.GameClientSettings;
import io.gameport.net.ConnectFailedException;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.MessageCodec;
import io.gameport.sample.link.SampleProtocol;
import io.gameport.transport.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bots sharing one {@link TransportClient} under their {@link GameClient}s (Gameport's client side) and one timer thread that
 * drives every bot's moves and chat at the configured rate. Connects that fail, refused ones
 * included (the seed's WSAECONNREFUSED lesson), are retried with exponential backoff and jitter.
 */
public final class BotFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BotFleet.class);
    /**
     * The bots' room connections resume after a drop (when the room server offers it): a bot that
     * hears nothing for 3 s (a ping after 1 s of silence) takes its connection for dead and resumes
     * on a new one, so a black hole costs a bot seconds, not the framework default's 15 s.
     */
    static final GameClientSettings ROOM_CLIENT = GameClientSettings.defaults().withResume(ClientResumeSettings.defaults()
            .withEnabled(true).withHeartbeatIntervalMs(1_000).withDeadAfterMs(3_000));
    /** Refused or failed connects: from 50 ms doubling to 2 s, with jitter (see {@link Backoff}). */
    private static final Backoff CONNECT_BACKOFF = new Backoff(50, 2_000);

    private final BotSettings settings;
    private final BotStats stats = new BotStats();
    private final MessageCodec codec = SampleProtocol.codec();
    private final TransportClient client;
    private final ScheduledExecutorService timer;
    private final List<Bot> bots = new ArrayList<>();
    private final Random random = new Random();
    /** Set by a soak whose room connections go through a fault proxy: see {@link #expectDroppedRoomConnections()}. */
    private volatile boolean roomConnectionsDropped;
    /** Where a bot connects to reach the room server the login server named: see {@link #routeRoomConnections}. */
    private volatile UnaryOperator<InetSocketAddress> roomRoute = UnaryOperator.identity();

    public BotFleet(BotSettings settings, TransportSettings transport) throws IOException {
        this(settings, transport, null);
    }

    /** Bots speaking TLS with {@code tls} (a client context trusting the servers' certificates), or plaintext when null. */
    public BotFleet(BotSettings settings, TransportSettings transport, io.gameport.tls.TlsContext tls) throws IOException {
        this.settings = settings;
        this.client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES, new io.gameport.transport.ErrorMetrics(),
                PeerLogs.defaults(), tls);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bot-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tickBots, settings.moveEveryMs(), settings.moveEveryMs(), TimeUnit.MILLISECONDS);
    }

    /** Starts {@code count} more bots, named {@code prefix + index}, all at once. */
    public synchronized void start(int count) {
        start(count, 0);
    }

    /**
     * Starts {@code count} more bots, named {@code prefix + index}, {@code perSecond} a second
     * (all at once if 0): players arrive over time, and a thousand TLS handshakes in the same
     * millisecond measure a login storm, not the servers' steady state.
     */
    public synchronized void start(int count, int perSecond) {
        int first = bots.size();
        for (int i = 0; i < count; i++) {
            Bot bot = new Bot(this, settings.namePrefix() + (first + i));
            bots.add(bot);
            if (perSecond <= 0) {
                bot.start();
            } else {
                schedule(arrivalDelayMs(i, perSecond), bot::start);
            }
        }
    }

    /** When the {@code index}-th of bots arriving {@code perSecond} a second starts, from the first. */
    static long arrivalDelayMs(int index, int perSecond) {
        return index * 1_000L / perSecond;
    }

    /** Up to {@code max} bots not playing, each as "NAME: what it is doing or waiting for, for N s". */
    public synchronized List<String> notPlaying(int max) {
        long now = System.nanoTime();
        List<String> stuck = new ArrayList<>();
        for (Bot bot : bots) {
            if (stuck.size() == max) {
                break;
            }
            if (!bot.playing()) {
                stuck.add(bot.describe(now));
            }
        }
        return stuck;
    }

    public BotStats stats() {
        return stats;
    }

    /**
     * The room connections are dropped on purpose (a chaos soak's fault proxy): a room connection
     * dropped before its session became resumable (before the Enter's answer, which follows the
     * server's resume token) is then counted in {@link BotStats#droppedBeforeResumable()} instead of
     * as an unexpected disconnect. Nothing was played on it, so nothing can be lost; the bot enters
     * again. Without this call every such drop is an error.
     */
    public void expectDroppedRoomConnections() {
        roomConnectionsDropped = true;
    }

    /**
     * Room connections go where {@code route} says instead of to the room server the login server
     * named (a fault proxy in front of it); every connect, reconnects included, asks anew. Call
     * before {@link #start}.
     */
    public void routeRoomConnections(UnaryOperator<InetSocketAddress> route) {
        roomRoute = route;
    }

    /** Where to connect for {@code roomServer}; may throw if the route cannot be set up (the bot gives up). */
    InetSocketAddress roomRoute(InetSocketAddress roomServer) {
        return roomRoute.apply(roomServer);
    }

    boolean roomConnectionsDropped() {
        return roomConnectionsDropped;
    }

    public synchronized int size() {
        return bots.size();
    }

    public String backendName() {
        return client.backendName();
    }

    BotSettings settings() {
        return settings;
    }

    Logger log() {
        return LOG;
    }

    void schedule(long delayMs, Runnable action) {
        timer.schedule(action, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects a {@link GameClient} to {@code address} on the fleet's transport, with the handlers
     * and close listener {@code setup} gives it, retrying failures with exponential backoff up to
     * the configured attempts.
     */
    void connect(InetSocketAddress address, Consumer<GameClient.Builder> setup, Consumer<GameClient> onConnected,
            Runnable onGiveUp) {
        GameClient.Builder builder = GameClient.builder().address(address).codec(codec).transport(client);
        setup.accept(builder);
        connect(builder, address, 1, onConnected, onGiveUp);
    }

    private void connect(GameClient.Builder builder, InetSocketAddress address, int attempt, Consumer<GameClient> onConnected,
            Runnable onGiveUp) {
        builder.connect().whenComplete((connected, error) -> {
            if (error == null) {
                onConnected.accept(connected);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean refused = cause instanceof ConnectFailedException failed && failed.outcome() == Outcome.REFUSED;
            if (attempt >= settings.maxConnectAttempts() || timer.isShutdown()) {
                LOG.warn("connect to {} failed after {} attempts: {}", address, attempt, cause.toString());
                onGiveUp.run();
                return;
            }
            long backoff = CONNECT_BACKOFF.delayMs(attempt, 0, ThreadLocalRandom.current().nextDouble());
            LOG.debug("connect to {} failed ({}), retry {} in {} ms", address, refused ? "refused" : cause, attempt, backoff);
            try {
                schedule(backoff, () -> connect(builder, address, attempt + 1, onConnected, onGiveUp));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                onGiveUp.run();
            }
        });
    }

    private void tickBots() {
        long now = System.currentTimeMillis();
        List<Bot> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(bots);
        }
        for (Bot bot : snapshot) {
            bot.onTimer(now, random.nextDouble());
        }
    }

    /** Stops every bot (their closes are expected, not counted), then the timer and the client. */
    @Override
    public void close() {
        List<Bot> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(bots);
        }
        for (Bot bot : snapshot) {
            bot.stop();
        }
        timer.shutdownNow();
        client.close();
    }
}

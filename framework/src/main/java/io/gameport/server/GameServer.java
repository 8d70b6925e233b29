package io.gameport.server;

import io.gameport.dispatch.Dispatcher;
import io.gameport.metrics.MeterSet;
import io.gameport.metrics.ServerMeters;
import io.gameport.net.SendQuota;
import io.gameport.log.PeerLogs;
import io.gameport.net.TransportServer;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.DisconnectNotice;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.session.IdleMonitor;
import io.gameport.session.SessionManager;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.transport.ErrorMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A game server: transport, dispatch shards, sessions and their idle monitor, all configured by
 * one {@link GameServerSettings}. Built by Guice from a {@link GameServerModule} (for studios that
 * want injection and overrides) or by {@link #builder()}, which does the same underneath:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *         new GameServerModule(settings, new InetSocketAddress("0.0.0.0", 7000)),
 *         GameModule.handlers(LoginHandlers.class, LoginProto.getDescriptor()));
 * GameServer server = injector.getInstance(GameServer.class).start();
 * ...
 * server.stop(Duration.ofSeconds(5));   // graceful: flushes what is queued, within the deadline
 * }</pre>
 *
 * <p>{@link #start} and {@link #stop} are for the owning thread (they are synchronized); the
 * accessors may be called from any thread.
 */
@Singleton
public final class GameServer {

    /** A server from settings, .proto files and handler groups, without Guice in sight; see {@link GameServerBuilder}. */
    public static GameServerBuilder builder() {
        return new GameServerBuilder();
    }

    private static final Logger LOG = LoggerFactory.getLogger(GameServer.class);
    /** Close events need a moment on the shards even when the deadline has passed: listeners save state there. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** After a drain's deadline the final Disconnect still needs a moment to be flushed. */
    public static final Duration DRAIN_STOP_GRACE = Duration.ofSeconds(1);

    private final GameServerSettings settings;
    private final InetSocketAddress bind;
    private final ErrorMetrics errors;
    private final PeerLogs logs;
    private final Dispatcher dispatcher;
    private final SessionManager sessions;
    private final IdleMonitor idleMonitor;
    private final SessionBridge bridge;
    private TransportServer transport;
    private ServerMeters meterBinder;
    private MeterSet meters;
    private boolean stopped;
    /** True from a successful start until stop begins; read by readiness probes on any thread. */
    private volatile boolean serving;
    private volatile boolean draining;
    private CompletableFuture<Boolean> drained;
    private TlsContext tls;
    private boolean ownsTls;

    @Inject
    public GameServer(GameServerSettings settings, @BindAddress InetSocketAddress bind, ErrorMetrics errors, PeerLogs logs,
                      Dispatcher dispatcher, SessionManager sessions, IdleMonitor idleMonitor) {
        this.settings = settings;
        this.bind = bind;
        this.errors = errors;
        this.logs = logs;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.idleMonitor = idleMonitor;
        this.bridge = new SessionBridge(sessions, dispatcher);
        if (sessions.resumption() != null) {
            sessions.resumption().wire(bridge, settings.transport().sendQuota());
        }
    }

    /** Where the server registers its meters when it starts (Guice calls this right after construction). */
    @Inject
    void useMeters(ServerMeters binder) {
        meterBinder = binder;
    }

    /**
     * Makes every connection of this server speak TLS with {@code context} (a server context: its
     * certificate and key); handlers, sessions and the send quota see plaintext frames as before.
     * When {@link GameServerSettings#tls()} is set, the context must have been made with exactly those
     * settings. Call before {@link #start}; null keeps plaintext.
     */
    public synchronized GameServer useTls(TlsContext context) {
        if (transport != null) {
            throw new IllegalStateException("TLS is chosen before the server starts");
        }
        tls = context;
        return this;
    }

    /** As {@link #useTls}, for a context the server made and closes when it stops. */
    synchronized void useOwnedTls(TlsContext context) {
        useTls(context);
        ownsTls = true;
    }

    /** A TLS setting without a certificate to serve would leave the server plaintext without a word. */
    private void checkTls() {
        TlsSettings wanted = settings.tls();
        if (wanted != null && tls == null) {
            throw new IllegalStateException("GameServerSettings.tls is set but the server has no certificate: give it one"
                    + " (GameServer.Builder.tls(KeyMaterial), or useTls(TlsContext))");
        }
        if (wanted != null && !wanted.equals(tls.settings())) {
            throw new IllegalStateException("the TLS context was made with other settings than GameServerSettings.tls: "
                    + tls.settings() + " vs " + wanted);
        }
    }

    /** Starts the shards, the idle monitor, then the transport, which starts listening. */
    public synchronized GameServer start() throws IOException {
        if (transport != null || stopped) {
            throw new IllegalStateException(stopped ? "server already stopped" : "server already started");
        }
        checkTls();
        dispatcher.start();
        idleMonitor.start();
        try {
            transport = TransportServer.start(settings.transport(), settings.protocol().maxFrameBytes(), bind, bridge, errors,
                    logs, tls);
        } catch (IOException | RuntimeException e) {
            idleMonitor.close();
            dispatcher.close(System.nanoTime());
            closeOwnedTls();
            if (meterBinder != null) {
                meterBinder.unregister(null);
            }
            stopped = true;
            throw e;
        }
        if (meterBinder != null) {
            meters = meterBinder.register(transport.workers());
        }
        serving = true;
        LOG.info("game server listening on {} (backend {}, {} I/O workers, {} shards)", transport.localAddress(),
                transport.backendName(), settings.transport().workers(), dispatcher.shardCount());
        return this;
    }

    public InetSocketAddress localAddress() {
        return transport().localAddress();
    }

    public int port() {
        return transport().port();
    }

    /** The settings the server was built with. */
    public GameServerSettings settings() {
        return settings;
    }

    public SessionManager sessions() {
        return sessions;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public IdleMonitor idleMonitor() {
        return idleMonitor;
    }

    public ErrorMetrics errors() {
        return errors;
    }

    /** The send quota's global counters and policy statistics. */
    public SendQuota sendQuota() {
        return transport().workers().sendQuota();
    }

    public String backendName() {
        return transport().backendName();
    }

    /**
     * Graceful stop. New connections are refused; the shards handle every event already
     * received; every session is sent {@code Disconnect{SHUTTING_DOWN}} after what the handlers
     * queued, which is flushed to the sockets; then every connection is
     * closed ({@code SERVER_STOPPING}), the shards handle the close events, and all threads end.
     * Each waiting step ends at {@code deadline}; what is still queued then is discarded.
     *
     * @return true if everything received was handled and everything queued was sent in time
     */
    public synchronized boolean stop(Duration deadline) {
        if (stopped) {
            return true;
        }
        stopped = true;
        serving = false;
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        boolean complete = true;
        idleMonitor.close();
        if (transport != null) {
            bridge.stopAccepting();
            complete = dispatcher.awaitHandled(deadlineNanos);
            sessions.broadcastAll(Disconnect.newBuilder().setCode(ErrorCode.ERROR_CODE_SHUTTING_DOWN)
                    .setReason("the server is stopping").build());
            SendQuota quota = transport.workers().sendQuota();
            // A resumable session's frames reach its connection's quota only when their flush has run.
            while (quota.globalPendingBytes() > 0 || (sessions.resumption() != null && sessions.resumption().flushesQueued() > 0)) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    LOG.warn("stop deadline passed with {} bytes unsent; they are discarded", quota.globalPendingBytes());
                    complete = false;
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            transport.close();
        }
        if (sessions.resumption() != null) {
            // Suspended sessions have no connection for the transport's stop to close: their handlers still hear of it.
            sessions.resumption().closeSuspended(io.gameport.net.CloseReason.SERVER_STOPPING);
        }
        if (meterBinder != null) {
            meterBinder.unregister(meters);
        }
        long closeDeadline = System.nanoTime() + CLOSE_GRACE_NANOS;
        dispatcher.close(deadlineNanos - closeDeadline > 0 ? deadlineNanos : closeDeadline);
        closeOwnedTls();
        LOG.info("game server stopped{}", complete ? "" : " (deadline passed before everything was flushed)");
        return complete;
    }

    /** Started, not draining, not stopped: the server takes new players. Any thread. */
    public boolean isReady() {
        return serving && !draining;
    }

    /** A drain has begun (it stays true after the drain ends in a stop). Any thread. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Why the server takes no new players now ({@code "draining"}, {@code "stopped"},
     * {@code "not started"}), or null when it does: a readiness check for {@code /health/ready}
     * ({@code health.ready("room", server::notReadyReason)}). Any thread.
     */
    public String notReadyReason() {
        if (draining) {
            return "draining";
        }
        if (serving) {
            return null;
        }
        return stopped ? "stopped" : "not started";
    }

    /**
     * Drains the server: stops listening (connections already open stay), reports not ready,
     * sends every session a {@link DisconnectNotice} ({@code SHUTTING_DOWN}, the suggested
     * {@code reconnectAfter} and the time left until {@code deadline}), and keeps serving the
     * sessions it has until each has left or the deadline passed; then {@link #stop stops} with
     * {@link #DRAIN_STOP_GRACE} to flush the final {@code Disconnect{SHUTTING_DOWN}}.
     * Returns at once; calling it again returns the same future.
     *
     * @return completes when the server has stopped, with {@link #stop}'s answer
     */
    public synchronized CompletableFuture<Boolean> drain(Duration deadline, Duration reconnectAfter) {
        if (drained != null) {
            return drained;
        }
        if (transport == null || stopped) {
            throw new IllegalStateException(stopped ? "cannot drain: server already stopped" : "cannot drain: server not started");
        }
        if (deadline.isNegative() || reconnectAfter.isNegative()) {
            throw new IllegalArgumentException("drain deadline (" + deadline + ") and reconnect delay ("
                    + reconnectAfter + ") must not be negative");
        }
        draining = true;
        drained = new CompletableFuture<>();
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        bridge.stopAccepting();
        transport.stopListening();
        sessions.broadcastAll(DisconnectNotice.newBuilder().setCode(ErrorCode.ERROR_CODE_SHUTTING_DOWN)
                .setReason("the server is draining")
                .setReconnectAfterMs(clampMillis(reconnectAfter))
                .setClosesInMs(clampMillis(deadline))
                .build());
        LOG.info("game server draining: {} sessions, deadline in {} ms, reconnect suggested after {} ms",
                sessions.size(), deadline.toMillis(), reconnectAfter.toMillis());
        Thread waiter = new Thread(() -> finishDrain(deadlineNanos), "gameport-drain");
        waiter.start();
        return drained;
    }

    private void finishDrain(long deadlineNanos) {
        try {
            while (sessions.size() > 0 && System.nanoTime() - deadlineNanos < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            int left = sessions.size();
            if (left > 0) {
                LOG.info("drain deadline passed with {} sessions still open; closing them", left);
            }
            drained.complete(stop(DRAIN_STOP_GRACE));
        } catch (RuntimeException | Error e) {
            drained.completeExceptionally(e);
            throw e;
        }
    }

    private static int clampMillis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private void closeOwnedTls() {
        if (ownsTls) {
            ownsTls = false;
            tls.close();
        }
    }

    /** The transport, once started (package-private: what it exposes is the framework's own business). */
    TransportServer transport() {
        TransportServer t = transport;
        if (t == null) {
            throw new IllegalStateException("server not started");
        }
        return t;
    }
}

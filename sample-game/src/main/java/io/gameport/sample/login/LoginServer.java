package io.gameport.sample.login;

import com.google.inject.Guice;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.UnhandledPolicy;
import io.gameport.log.PeerLogs;
import io.gameport.sample.account.AccountStore;
import io.gameport.sample.limit.AccountBackoff;
import io.gameport.sample.limit.RateLimiter;
import io.gameport.metrics.MetricsModule;
import io.gameport.sample.link.SampleServerModule;
import io.gameport.sample.messages.LoginProto;
import io.gameport.sample.ticket.TicketSigner;
import io.gameport.sample.work.SlowWorkPool;
import io.gameport.server.GameServer;
import io.gameport.session.SessionSettings;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The login server: accounts in SQL, passwords checked on a bounded pool, signed tickets out.
 * A Gameport {@link GameServer} built by Guice from {@link SampleServerModule} with the
 * {@link LoginHandler} group; it speaks only the login messages. Undecodable frames do not close
 * the session here: {@link LoginHandler} answers them with LOGIN_RESULT_MALFORMED.
 * Start with {@link #start}, stop with {@link #close}. Thread-safe.
 */
public final class LoginServer implements io.gameport.sample.DrainableServer {

    /** Addresses tracked by the rate limiter before idle ones are forgotten. */
    private static final int RATE_LIMITED_ADDRESSES = 100_000;

    /** How long {@link #close} lets the server flush replies already queued. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

    private final AccountStore accounts;
    private final SlowWorkPool work;
    private final LoginHandler handler;
    private final GameServer server;
    private final LoginMeters meters;
    /** Null without a room directory. */
    private final DirectoryPlacement directoryPlacement;

    private LoginServer(AccountStore accounts, SlowWorkPool work, LoginHandler handler, GameServer server,
                        LoginMeters meters, DirectoryPlacement directoryPlacement) {
        this.directoryPlacement = directoryPlacement;
        this.accounts = accounts;
        this.work = work;
        this.handler = handler;
        this.server = server;
        this.meters = meters;
    }

    public static LoginServer start(LoginServerConfig config) throws IOException, SQLException {
        return start(config, null);
    }

    /** With {@code tls}, players' passwords and tickets cross the network encrypted; null is plaintext. */
    public static LoginServer start(LoginServerConfig config, io.gameport.tls.TlsContext tls) throws IOException, SQLException {
        return start(config, tls, new MetricsModule());
    }

    /**
     * As above, reporting Gameport's meters, the login server's own ({@link LoginMeters}) and the
     * account pool's (HikariCP's) where {@code metrics} says (tagged server=login by the sample's commands).
     */
    public static LoginServer start(LoginServerConfig config, io.gameport.tls.TlsContext tls, MetricsModule metrics)
            throws IOException, SQLException {
        return start(config, tls, metrics, null);
    }

    /**
     * As above, placing players through {@code directory} (load-aware, a seat reserved on the chosen
     * room server; see {@link DirectoryPlacement}); null sends every player to the configured room
     * server, as before. The directory stays the caller's to close.
     */
    public static LoginServer start(LoginServerConfig config, io.gameport.tls.TlsContext tls, MetricsModule metrics,
            io.gameport.sample.directory.RoomDirectory directory) throws IOException, SQLException {
        AccountStore accounts = AccountStore.open(config.accounts().withConnections(config.workThreads()), metrics.registry());
        SlowWorkPool work = new SlowWorkPool("login-work", config.workThreads(), config.workQueue());
        LoginMeters meters = null;
        try {
            meters = new LoginMeters(metrics.registry(), metrics.settings(), work);
            TicketSigner tickets = new TicketSigner(config.ticketSecret(), config.ticketLifetimeMs(), Clock.systemUTC());
            RateLimiter limiter = new RateLimiter(config.attemptsPerSecond(), config.attemptBurst(), RATE_LIMITED_ADDRESSES);
            AccountBackoff backoff = new AccountBackoff(config.accountBackoff());
            RoomPlacement placement = directory == null
                    ? new RoomPlacement.FixedRoomServer(config.roomServerHost(), config.roomServerPort())
                    : new DirectoryPlacement(directory, PeerLogs.defaults());
            LoginHandler handler = new LoginHandler(accounts, work, tickets, limiter, backoff, PeerLogs.defaults(),
                    placement, config.attemptsPerSession(), meters);
            GameServer server = Guice.createInjector(new SampleServerModule(config.bind(), config.transport(),
                    HandlerSettings.defaults().withUnhandled(UnhandledPolicy.ERROR_REPLY).withCloseOnProtocolError(false), List.of(LoginProto.getDescriptor()), handler)
                    .withSessionSettings(SessionSettings.defaults().withAuthDeadlineMs(config.authDeadlineMs()))
                    .withMetrics(metrics))
                    .getInstance(GameServer.class);
            server.useTls(tls).start();
            return new LoginServer(accounts, work, handler, server, meters,
                    placement instanceof DirectoryPlacement placed ? placed : null);
        } catch (IOException | RuntimeException e) {
            if (meters != null) {
                meters.close();
            }
            work.close();
            accounts.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** Listening and not draining: the server takes new players (what {@code /health/ready} reports). */
    public boolean isReady() {
        return server.isReady();
    }

    @Override
    public String notReadyReason() {
        return server.notReadyReason();
    }

    /**
     * The account database's readiness check: null while it answers, otherwise why not (made on
     * first call, see {@link AccountStore#readiness}; the sample's {@code /health/ready} registers it).
     */
    public io.gameport.metrics.HealthCheck accountDatabaseReadiness() {
        return accounts.readiness();
    }

    public String backendName() {
        return server.backendName();
    }

    public long registrations() {
        return handler.registrations.sum();
    }

    public long logins() {
        return handler.logins.sum();
    }

    /** Requests refused as malformed. */
    public long refusals() {
        return handler.refusals.sum();
    }

    /** Attempts refused by the per-address rate limit. */
    public long addressLimited() {
        return handler.addressLimited.sum();
    }

    /** Login attempts refused because their account name was backing off after failures. */
    public long accountBackoffRefusals() {
        return handler.backoff().refused();
    }

    /** PBKDF2 derivations run (registrations and password checks). */
    public long hashesComputed() {
        return accounts.hashesComputed();
    }

    /** Requests that failed on the account database (answered LOGIN_RESULT_UNAVAILABLE). */
    public long databaseFailures() {
        return handler.databaseFailures.sum();
    }

    /** Logins whose room was gone (answered LOGIN_RESULT_ROOM_LOST with a seat elsewhere); 0 without a directory. */
    public long roomsLost() {
        return directoryPlacement == null ? 0 : directoryPlacement.roomsLost.sum();
    }

    /** Logins no room server had a seat for (answered LOGIN_RESULT_SERVER_BUSY); 0 without a directory. */
    public long noCapacity() {
        return directoryPlacement == null ? 0 : directoryPlacement.noCapacity.sum();
    }

    /** Logins answered LOGIN_RESULT_UNAVAILABLE because the room directory could not be reached; 0 without one. */
    public long directoryUnavailable() {
        return directoryPlacement == null ? 0 : directoryPlacement.unavailable.sum();
    }

    public long busyReplies() {
        return work.rejectedCount();
    }

    /** Logins in progress finish; clients still connected at the deadline are closed. */
    @Override
    public java.util.concurrent.CompletableFuture<Boolean> drain(java.time.Duration deadline) {
        return server.drain(deadline, SUGGESTED_RECONNECT_DELAY);
    }

    /** Stops accepting, lets queued logins finish, then closes the database (accounts are committed per call). */
    @Override
    public void close() {
        server.stop(STOP_DEADLINE);
        work.close();
        accounts.close();
        meters.close();
    }
}

package io.gameport.sample.login;

import io.gameport.net.TransportServer;
import io.gameport.protocol.MessageCodec;
import io.gameport.sample.account.AccountStore;
import io.gameport.sample.limit.RateLimiter;
import io.gameport.sample.link.SampleProtocol;
import io.gameport.sample.ticket.TicketSigner;
import io.gameport.sample.work.SlowWorkPool;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The login server: accounts in SQL, passwords checked on a bounded pool, signed tickets out.
 * Start with {@link #start}, stop with {@link #close}. Thread-safe.
 */
public final class LoginServer implements AutoCloseable {

    /** Addresses tracked by the rate limiter before idle ones are forgotten. */
    private static final int RATE_LIMITED_ADDRESSES = 100_000;

    private final AccountStore accounts;
    private final SlowWorkPool work;
    private final LoginHandler handler;
    private final TransportServer transport;

    private LoginServer(AccountStore accounts, SlowWorkPool work, LoginHandler handler, TransportServer transport) {
        this.accounts = accounts;
        this.work = work;
        this.handler = handler;
        this.transport = transport;
    }

    public static LoginServer start(LoginServerConfig config) throws IOException, SQLException {
        MessageCodec codec = SampleProtocol.codec();
        AccountStore accounts = AccountStore.open(config.accounts().withConnections(config.workThreads()));
        SlowWorkPool work = new SlowWorkPool("login-work", config.workThreads(), config.workQueue());
        try {
            TicketSigner tickets = new TicketSigner(config.ticketSecret(), config.ticketLifetimeMs(), Clock.systemUTC());
            RateLimiter limiter = new RateLimiter(config.attemptsPerSecond(), config.attemptBurst(), RATE_LIMITED_ADDRESSES);
            LoginHandler handler = new LoginHandler(codec, accounts, work, tickets, limiter, config.roomServerHost(),
                    config.roomServerPort());
            TransportServer transport = TransportServer.start(config.transport(), config.bind(), handler);
            return new LoginServer(accounts, work, handler, transport);
        } catch (IOException | RuntimeException e) {
            work.close();
            accounts.close();
            throw e;
        }
    }

    public int port() {
        return transport.port();
    }

    public String backendName() {
        return transport.backendName();
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

    public long busyReplies() {
        return work.rejectedCount();
    }

    /** Stops accepting, lets queued logins finish, then closes the database (accounts are committed per call). */
    @Override
    public void close() {
        transport.close();
        work.close();
        accounts.close();
    }
}

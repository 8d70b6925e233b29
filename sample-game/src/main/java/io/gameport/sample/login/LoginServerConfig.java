package io.gameport.sample.login;

import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.limit.AccountBackoff;
import java.net.InetSocketAddress;

/**
 * Everything the login server needs: where it listens, the account database, the slow-work
 * pool's size, the ticket secret and lifetime, the per-address rate limit, the room server
 * address handed to players, and the per-account back-off after failed logins.
 */
public record LoginServerConfig(InetSocketAddress bind, TransportSettings transport, AccountStoreConfig accounts,
        int workThreads, int workQueue, byte[] ticketSecret, long ticketLifetimeMs, double attemptsPerSecond,
        int attemptBurst, String roomServerHost, int roomServerPort, AccountBackoff.Settings accountBackoff,
        long authDeadlineMs, int attemptsPerSession) {

    /**
     * RegisterRequests and LoginRequests per connection per {@link #SESSION_ATTEMPT_PERIOD}, each
     * (declared with the handlers, decided before decoding; past it ErrorReply RATE_LIMITED): a
     * client needs one or two, the per-address bucket and the per-account back-off bound a spread-out flood.
     */
    public static final int DEFAULT_ATTEMPTS_PER_SESSION = 10;
    public static final java.time.Duration SESSION_ATTEMPT_PERIOD = java.time.Duration.ofSeconds(10);

    /** A connection that has not logged in within this long is closed (AUTH_TIMEOUT); a busy pool's retries fit in it. */
    public static final long DEFAULT_AUTH_DEADLINE_MS = 30_000;

    /**
     * A ticket is only for entering the room server once, right after login (a dropped player
     * resumes with its reconnect token): one minute is plenty, and it bounds how long the room
     * server remembers used tickets.
     */
    public static final long DEFAULT_TICKET_LIFETIME_MS = 60_000;
    /** How long a client told "busy" should wait before trying again. */
    public static final int BUSY_RETRY_AFTER_MS = 250;
    /**
     * How long a client told the account database is unavailable should wait: longer than "busy",
     * since a database coming back takes seconds, and each attempt meanwhile holds a work thread
     * for the connection timeout.
     */
    public static final int UNAVAILABLE_RETRY_AFTER_MS = 1_000;

    public LoginServerConfig {
        if (workThreads < 1 || workQueue < 1 || ticketLifetimeMs <= 0 || attemptsPerSecond <= 0 || attemptBurst < 1) {
            throw new IllegalArgumentException("login server settings out of range");
        }
        if (roomServerPort < 1 || roomServerPort > 65535) {
            throw new IllegalArgumentException("room server port must be in 1..65535, was " + roomServerPort);
        }
        if (accountBackoff == null) {
            throw new IllegalArgumentException("accountBackoff must be set");
        }
        if (authDeadlineMs < 1) {
            throw new IllegalArgumentException("authDeadlineMs must be >= 1, was " + authDeadlineMs);
        }
        if (attemptsPerSession < 1) {
            throw new IllegalArgumentException("attemptsPerSession must be >= 1, was " + attemptsPerSession);
        }
    }

    /** With the default per-account back-off ({@link AccountBackoff.Settings#defaults()}). */
    public LoginServerConfig(InetSocketAddress bind, TransportSettings transport, AccountStoreConfig accounts,
            int workThreads, int workQueue, byte[] ticketSecret, long ticketLifetimeMs, double attemptsPerSecond,
            int attemptBurst, String roomServerHost, int roomServerPort) {
        this(bind, transport, accounts, workThreads, workQueue, ticketSecret, ticketLifetimeMs, attemptsPerSecond,
                attemptBurst, roomServerHost, roomServerPort, AccountBackoff.Settings.defaults(), DEFAULT_AUTH_DEADLINE_MS,
                DEFAULT_ATTEMPTS_PER_SESSION);
    }

    public LoginServerConfig withAccountBackoff(AccountBackoff.Settings settings) {
        return new LoginServerConfig(bind, transport, accounts, workThreads, workQueue, ticketSecret, ticketLifetimeMs,
                attemptsPerSecond, attemptBurst, roomServerHost, roomServerPort, settings, authDeadlineMs,
                attemptsPerSession);
    }

    public LoginServerConfig withAttemptRate(double perSecond, int burst) {
        return new LoginServerConfig(bind, transport, accounts, workThreads, workQueue, ticketSecret, ticketLifetimeMs,
                perSecond, burst, roomServerHost, roomServerPort, accountBackoff, authDeadlineMs,
                attemptsPerSession);
    }

    public LoginServerConfig withAuthDeadlineMs(long deadlineMs) {
        return new LoginServerConfig(bind, transport, accounts, workThreads, workQueue, ticketSecret, ticketLifetimeMs,
                attemptsPerSecond, attemptBurst, roomServerHost, roomServerPort, accountBackoff, deadlineMs,
                attemptsPerSession);
    }

    public LoginServerConfig withAttemptsPerSession(int attempts) {
        return new LoginServerConfig(bind, transport, accounts, workThreads, workQueue, ticketSecret, ticketLifetimeMs,
                attemptsPerSecond, attemptBurst, roomServerHost, roomServerPort, accountBackoff, authDeadlineMs, attempts);
    }

    public LoginServerConfig withWork(int threads, int queue) {
        return new LoginServerConfig(bind, transport, accounts, threads, queue, ticketSecret, ticketLifetimeMs,
                attemptsPerSecond, attemptBurst, roomServerHost, roomServerPort, accountBackoff, authDeadlineMs,
                attemptsPerSession);
    }
}

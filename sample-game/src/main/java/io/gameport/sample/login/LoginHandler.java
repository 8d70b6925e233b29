package io.gameport.sample.login;

import com.google.protobuf.Message;
import io.gameport.handler.HandlerRegistry;
import io.gameport.handler.MessageHandlers;
import io.gameport.log.PeerLogs;
import io.gameport.log.RateLimitedLog;
import io.gameport.protocol.ProtocolException;
import io.gameport.sample.account.AccountOutcome;
import io.gameport.sample.account.AccountResult;
import io.gameport.sample.account.AccountStore;
import io.gameport.sample.limit.AccountBackoff;
import io.gameport.sample.limit.RateLimiter;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.ticket.TicketSigner;
import io.gameport.sample.work.AbandonedException;
import io.gameport.sample.work.BusyException;
import io.gameport.sample.work.SlowWorkPool;
import io.gameport.session.AttributeKey;
import io.gameport.session.Session;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login server's handlers, registered per message type. On the shard they only rate-limit
 * (lock-free: per address, and per account name after failed logins, {@link AccountBackoff}) and
 * hand the request to the {@link SlowWorkPool}; hashing and SQL run there, and the
 * returned stage completes on the pool thread, which is where Gameport sends the reply (with the
 * request's id). A full pool answers SERVER_BUSY at once, an account database that failed or
 * could not be reached within its connection timeout UNAVAILABLE; a frame that does not decode, or that
 * is not a login message (this server only knows the login protocol), gets LOGIN_RESULT_MALFORMED.
 */
final class LoginHandler implements MessageHandlers {

    /** The player a session logged in as: set on the pool thread once the password checked out. */
    static final AttributeKey<Long> PLAYER_ID = AttributeKey.of("playerId", Long.class);

    private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);

    private final AccountStore accounts;
    private final SlowWorkPool work;
    private final TicketSigner tickets;
    private final RateLimiter limiter;
    private final AccountBackoff backoff;
    private final int attemptsPerSession;
    /** Where logged-in players go: one room server, or a room directory's choice. */
    private final RoomPlacement placement;
    /** Refused attempts are logged, but a flood of them writes a few lines a second, not one each. */
    private final RateLimitedLog addressLimitedLog;
    private final RateLimitedLog accountLimitedLog;
    private final RateLimitedLog databaseFailureLog;
    private final LoginMeters meters;
    final LongAdder registrations = new LongAdder();
    final LongAdder logins = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder addressLimited = new LongAdder();
    final LongAdder databaseFailures = new LongAdder();

    LoginHandler(AccountStore accounts, SlowWorkPool work, TicketSigner tickets, RateLimiter limiter,
            AccountBackoff backoff, PeerLogs peerLogs, RoomPlacement placement, int attemptsPerSession,
            LoginMeters meters) {
        this.meters = meters;
        this.attemptsPerSession = attemptsPerSession;
        this.addressLimitedLog = peerLogs.log(LoginHandler.class, "login attempt over the per-address rate");
        this.accountLimitedLog = peerLogs.log(LoginHandler.class, "login attempt for an account backing off");
        this.databaseFailureLog = peerLogs.log(LoginHandler.class, "account database failure");
        this.accounts = accounts;
        this.work = work;
        this.tickets = tickets;
        this.limiter = limiter;
        this.backoff = backoff;
        this.placement = placement;
    }

    AccountBackoff backoff() {
        return backoff;
    }

    @Override
    public void register(HandlerRegistry.Builder on) {
        // Per connection, before decoding: a client needs one or two of these; the per-address bucket and
        // the per-account back-off above are what bound a spread-out flood.
        on.requestAsync(RegisterRequest.class, this::register).limit(attemptsPerSession,
                LoginServerConfig.SESSION_ATTEMPT_PERIOD);
        on.requestAsync(LoginRequest.class, this::login).limit(attemptsPerSession,
                LoginServerConfig.SESSION_ATTEMPT_PERIOD);
        on.onProtocolError(this::malformed);
    }

    private CompletableFuture<Message> register(Session session, RegisterRequest register) {
        long retryAfterMs = rateLimit(session);
        if (retryAfterMs > 0) {
            return CompletableFuture.completedFuture(registerFailure(LoginResult.LOGIN_RESULT_RATE_LIMITED, retryAfterMs));
        }
        return work.submit(() -> accounts.register(register.getName(), register.getPassword()), session::isOpen)
                .handle(this::registerReply);
    }

    private CompletableFuture<Message> login(Session session, LoginRequest login) {
        long receivedAt = System.nanoTime();
        long retryAfterMs = rateLimit(session);
        if (retryAfterMs > 0) {
            meters.answered(LoginResult.LOGIN_RESULT_RATE_LIMITED);
            return CompletableFuture.completedFuture(loginFailure(LoginResult.LOGIN_RESULT_RATE_LIMITED, retryAfterMs));
        }
        String name = login.getName();
        long nameWaitMs = backoff.retryAfterMs(name, receivedAt);
        if (nameWaitMs > 0) {
            accountLimitedLog.warn("login attempt for {} (backing off after failures) from {}, refused for {} ms", name,
                    session.remoteAddress(), nameWaitMs);
            meters.answered(LoginResult.LOGIN_RESULT_ACCOUNT_BACKOFF);
            return CompletableFuture.completedFuture(loginFailure(LoginResult.LOGIN_RESULT_ACCOUNT_BACKOFF, nameWaitMs));
        }
        String room = login.getRoom();
        // The password check and then the placement (a directory call, bounded by its timeout) on the pool.
        return work.submit(() -> {
                    AccountOutcome outcome = accounts.authenticate(name, login.getPassword());
                    return new Attempt(outcome, outcome.ok() ? placement.place(outcome.playerId(), room) : null);
                }, session::isOpen)
                .<Message>handle((attempt, error) -> {
                    LoginResponse reply = loginReply(session, name, attempt, error);
                    if (!(cause(error) instanceof AbandonedException)) {
                        meters.answered(reply.getResult());
                        meters.took(System.nanoTime() - receivedAt);
                    }
                    return reply;
                });
    }

    /** On the shard, after Gameport counted and logged the frame; the session stays open (see LoginServer). */
    private void malformed(Session session, ProtocolException error) {
        // A clear answer instead of a silent close; the rate limit still applies to what follows.
        refusals.increment();
        LOG.debug("{}: malformed login request: {}", session, error.getMessage());
        long retryAfterMs = rateLimit(session);
        session.send(loginFailure(LoginResult.LOGIN_RESULT_MALFORMED, retryAfterMs));
    }

    private long rateLimit(Session session) {
        InetSocketAddress remote = session.remoteAddress();
        long retryAfterMs = remote == null ? 0 : limiter.tryAcquire(remote.getAddress(), System.nanoTime());
        if (retryAfterMs > 0) {
            addressLimited.increment();
            addressLimitedLog.warn("login attempt from {} over the per-address rate, refused for {} ms", remote, retryAfterMs);
        }
        return retryAfterMs;
    }

    private Message registerReply(AccountOutcome outcome, Throwable error) {
        if (error != null) {
            LoginResult refusal = refusal(error);
            return registerFailure(refusal, retryAfterMs(refusal));
        }
        if (outcome.ok()) {
            registrations.increment();
        }
        return RegisterResponse.newBuilder().setResult(result(outcome.result())).setPlayerId(outcome.playerId()).build();
    }

    /** A password check's outcome and, when it passed, where the player goes. */
    private record Attempt(AccountOutcome outcome, Placement placement) {
    }

    private LoginResponse loginReply(Session session, String name, Attempt attempt, Throwable error) {
        if (error != null) {
            LoginResult refusal = refusal(error);
            return loginFailure(refusal, retryAfterMs(refusal));
        }
        AccountOutcome outcome = attempt.outcome();
        if (!outcome.ok()) {
            if (outcome.result() == AccountResult.BAD_PASSWORD || outcome.result() == AccountResult.UNKNOWN_NAME) {
                backoff.failed(name, System.nanoTime());
            }
            return loginFailure(result(outcome.result()), 0);
        }
        backoff.succeeded(name);
        Placement seat = attempt.placement();
        if (!seat.placed()) {
            // The password was right; nobody can take the player now (directory down, no free seat): retry.
            return loginFailure(seat.result(), seat.retryAfterMs());
        }
        logins.increment();
        session.attribute(PLAYER_ID, outcome.playerId());
        session.markAuthenticated();
        byte[] ticket = tickets.issue(outcome.playerId(), outcome.name(), outcome.loginCount(), seat.reservationId(),
                seat.serverId());
        return LoginResponse.newBuilder().setResult(seat.result()).setPlayerId(outcome.playerId())
                .setTicket(com.google.protobuf.ByteString.copyFrom(ticket))
                .setRoomServerHost(seat.host()).setRoomServerPort(seat.port()).build();
    }

    /**
     * What a player whose request failed on the work pool is told: UNAVAILABLE when the account
     * database failed or could not be reached in time (the operator gets the cause, in a log
     * bounded to a few lines a second however many logins fail with it), SERVER_BUSY when the pool
     * was full or anything else failed.
     */
    /** What failed the work: {@code error} itself, or what a CompletionException wraps (null if nothing failed). */
    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private LoginResult refusal(Throwable error) {
        Throwable cause = cause(error);
        if (cause instanceof BusyException || cause instanceof AbandonedException) {
            // abandoned: the connection is gone, so this answer goes nowhere; it only must not be logged as a failure
            return LoginResult.LOGIN_RESULT_SERVER_BUSY;
        }
        if (cause instanceof SQLException) {
            databaseFailures.increment();
            databaseFailureLog.warn("account database failed ({} so far; players told LOGIN_RESULT_UNAVAILABLE): {}",
                    databaseFailures.sum(), cause.getMessage());
            return LoginResult.LOGIN_RESULT_UNAVAILABLE;
        }
        LOG.error("login work failed", cause);
        return LoginResult.LOGIN_RESULT_SERVER_BUSY;
    }

    private static long retryAfterMs(LoginResult refusal) {
        return refusal == LoginResult.LOGIN_RESULT_UNAVAILABLE ? LoginServerConfig.UNAVAILABLE_RETRY_AFTER_MS
                : LoginServerConfig.BUSY_RETRY_AFTER_MS;
    }

    private static RegisterResponse registerFailure(LoginResult result, long retryAfterMs) {
        return RegisterResponse.newBuilder().setResult(result).setRetryAfterMs((int) retryAfterMs).build();
    }

    private static LoginResponse loginFailure(LoginResult result, long retryAfterMs) {
        return LoginResponse.newBuilder().setResult(result).setRetryAfterMs((int) retryAfterMs).build();
    }

    private static LoginResult result(AccountResult result) {
        switch (result) {
            case OK:
                return LoginResult.LOGIN_RESULT_OK;
            case BAD_PASSWORD:
                return LoginResult.LOGIN_RESULT_BAD_PASSWORD;
            case UNKNOWN_NAME:
                return LoginResult.LOGIN_RESULT_UNKNOWN_NAME;
            case NAME_TAKEN:
                return LoginResult.LOGIN_RESULT_NAME_TAKEN;
            case INVALID_NAME:
                return LoginResult.LOGIN_RESULT_INVALID_NAME;
            case INVALID_PASSWORD:
                return LoginResult.LOGIN_RESULT_INVALID_PASSWORD;
            default:
                throw new IllegalArgumentException("unmapped account result " + result);
        }
    }
}

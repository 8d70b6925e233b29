package io.gameport.sample.login;

import com.google.protobuf.Message;
import io.gameport.net.Connection;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.sample.LoginRequest;
import io.gameport.protocol.sample.LoginResponse;
import io.gameport.protocol.sample.LoginResult;
import io.gameport.protocol.sample.RegisterRequest;
import io.gameport.protocol.sample.RegisterResponse;
import io.gameport.sample.account.AccountOutcome;
import io.gameport.sample.account.AccountResult;
import io.gameport.sample.account.AccountStore;
import io.gameport.sample.limit.RateLimiter;
import io.gameport.sample.link.MessageConnectionHandler;
import io.gameport.sample.ticket.TicketSigner;
import io.gameport.sample.work.BusyException;
import io.gameport.sample.work.SlowWorkPool;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login server's game logic. On the I/O worker it only decodes, rate-limits (lock-free) and
 * hands the request to the {@link SlowWorkPool}; hashing and SQL run there and the reply is sent
 * from the pool thread when they finish. A full pool answers SERVER_BUSY at once.
 */
final class LoginHandler extends MessageConnectionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);

    private final AccountStore accounts;
    private final SlowWorkPool work;
    private final TicketSigner tickets;
    private final RateLimiter limiter;
    private final String roomHost;
    private final int roomPort;
    final LongAdder registrations = new LongAdder();
    final LongAdder logins = new LongAdder();
    final LongAdder refusals = new LongAdder();

    LoginHandler(MessageCodec codec, AccountStore accounts, SlowWorkPool work, TicketSigner tickets, RateLimiter limiter,
            String roomHost, int roomPort) {
        super(codec);
        this.accounts = accounts;
        this.work = work;
        this.tickets = tickets;
        this.limiter = limiter;
        this.roomHost = roomHost;
        this.roomPort = roomPort;
    }

    @Override
    protected void onMessage(Connection connection, Envelope envelope) {
        Message message = envelope.message();
        int requestId = envelope.requestId();
        long retryAfterMs = rateLimit(connection);
        if (message instanceof RegisterRequest register) {
            if (retryAfterMs > 0) {
                reply(connection, requestId, registerFailure(LoginResult.LOGIN_RESULT_RATE_LIMITED, retryAfterMs));
                return;
            }
            work.submit(() -> accounts.register(register.getName(), register.getPassword()))
                    .whenComplete((outcome, error) -> reply(connection, requestId, registerReply(outcome, error)));
        } else if (message instanceof LoginRequest login) {
            if (retryAfterMs > 0) {
                reply(connection, requestId, loginFailure(LoginResult.LOGIN_RESULT_RATE_LIMITED, retryAfterMs));
                return;
            }
            work.submit(() -> accounts.authenticate(login.getName(), login.getPassword()))
                    .whenComplete((outcome, error) -> reply(connection, requestId, loginReply(outcome, error)));
        } else {
            refusals.increment();
            reply(connection, requestId, loginFailure(LoginResult.LOGIN_RESULT_MALFORMED, 0));
        }
    }

    @Override
    protected void onMalformed(Connection connection, ProtocolException error) {
        // A clear answer instead of a silent close; the rate limit still applies to what follows.
        refusals.increment();
        LOG.debug("{}: malformed login request: {}", connection, error.getMessage());
        long retryAfterMs = rateLimit(connection);
        reply(connection, 0, loginFailure(LoginResult.LOGIN_RESULT_MALFORMED, retryAfterMs));
    }

    private long rateLimit(Connection connection) {
        InetSocketAddress remote = connection.remoteAddress();
        return remote == null ? 0 : limiter.tryAcquire(remote.getAddress(), System.nanoTime());
    }

    private Message registerReply(AccountOutcome outcome, Throwable error) {
        if (error != null) {
            return registerFailure(LoginResult.LOGIN_RESULT_SERVER_BUSY, busyRetry(error));
        }
        if (outcome.ok()) {
            registrations.increment();
        }
        return RegisterResponse.newBuilder().setResult(result(outcome.result())).setPlayerId(outcome.playerId()).build();
    }

    private Message loginReply(AccountOutcome outcome, Throwable error) {
        if (error != null) {
            return loginFailure(LoginResult.LOGIN_RESULT_SERVER_BUSY, busyRetry(error));
        }
        if (!outcome.ok()) {
            return loginFailure(result(outcome.result()), 0);
        }
        logins.increment();
        return LoginResponse.newBuilder().setResult(LoginResult.LOGIN_RESULT_OK).setPlayerId(outcome.playerId())
                .setTicket(com.google.protobuf.ByteString.copyFrom(tickets.issue(outcome.playerId(), outcome.name())))
                .setRoomServerHost(roomHost).setRoomServerPort(roomPort).build();
    }

    private long busyRetry(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (!(cause instanceof BusyException)) {
            // The database or the JDK failed: the player is told to retry, the operator gets the cause.
            LOG.error("login work failed", cause);
        }
        return LoginServerConfig.BUSY_RETRY_AFTER_MS;
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

    private void reply(Connection connection, int requestId, Message message) {
        send(connection, codec, message, requestId);
    }
}

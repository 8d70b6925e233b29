package io.gameport.sample.login;

import io.gameport.metrics.MeterSet;
import io.gameport.metrics.MetricsSettings;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.work.SlowWorkPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The login server's own meters, next to Gameport's in the server's registry and tagged with its
 * name: login requests by the result they were answered with, how long those handed to the work
 * pool took, and the work pool's queue and refusals. The account pool's meters are HikariCP's own
 * ({@code hikaricp.connections...}, tagged {@code pool=accounts}). {@link #close} removes these.
 */
final class LoginMeters implements AutoCloseable {

    /** Every result a login request can be answered with (the others belong to registration). */
    static final List<LoginResult> LOGIN_RESULTS = List.of(LoginResult.LOGIN_RESULT_OK, LoginResult.LOGIN_RESULT_BAD_PASSWORD,
            LoginResult.LOGIN_RESULT_UNKNOWN_NAME, LoginResult.LOGIN_RESULT_RATE_LIMITED,
            LoginResult.LOGIN_RESULT_ACCOUNT_BACKOFF, LoginResult.LOGIN_RESULT_SERVER_BUSY,
            LoginResult.LOGIN_RESULT_UNAVAILABLE, LoginResult.LOGIN_RESULT_ROOM_LOST, LoginResult.LOGIN_RESULT_MALFORMED);

    /**
     * Bucket bounds of the login timer: a PBKDF2 check takes tens of milliseconds at the default
     * iterations, a queue wait or a slow database seconds; the connection timeout is 5 s.
     */
    static final Duration[] LOGIN_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterSet meters;
    private final Map<LoginResult, Counter> byResult = new EnumMap<>(LoginResult.class);
    private final Timer duration;

    LoginMeters(MeterRegistry registry, MetricsSettings settings, SlowWorkPool work) {
        this.meters = new MeterSet(registry, settings.tags());
        Tags none = Tags.empty();
        try {
            for (LoginResult result : LOGIN_RESULTS) {
                byResult.put(result, meters.counter("sample.logins", "Login requests, by the result they were answered with",
                        Tags.of("result", tagValue(result))));
            }
            duration = meters.timer("sample.login.duration", "Time from a login request reaching its handler to its"
                    + " answer, for those handed to the work pool (hashing and SQL, queue wait included)", none, LOGIN_BUCKETS);
            meters.gauge("sample.login.work.queued", "Password checks and registrations waiting for a work-pool thread",
                    null, work, SlowWorkPool::queued, none);
            meters.counter("sample.login.work.busy", "Requests the full work pool refused, each answered"
                    + " LOGIN_RESULT_SERVER_BUSY", work, SlowWorkPool::rejectedCount, none);
            meters.counter("sample.login.work.abandoned", "Registrations and logins not run because their connection had"
                    + " closed while they queued", work, SlowWorkPool::abandonedCount, none);
        } catch (RuntimeException e) {
            meters.close();
            throw e;
        }
    }

    /** {@code LOGIN_RESULT_BAD_PASSWORD} is tagged {@code bad_password}. */
    static String tagValue(LoginResult result) {
        return result.name().substring("LOGIN_RESULT_".length()).toLowerCase(Locale.ROOT);
    }

    /** Any thread: a login request was answered with {@code result}. */
    void answered(LoginResult result) {
        Counter counter = byResult.get(result);
        if (counter == null) {
            throw new IllegalArgumentException(result + " is not a result of a login");
        }
        counter.increment();
    }

    /** Any thread: a login handed to the work pool was answered {@code nanos} after its request reached the handler. */
    void took(long nanos) {
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        meters.close();
    }
}

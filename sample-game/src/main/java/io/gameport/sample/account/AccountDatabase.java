package io.gameport.sample.account;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import java.util.Set;
import io.micrometer.core.instrument.MeterRegistry;
import org.h2.api.ErrorCode;

/**
 * The account store's connection pool: HikariCP with a fixed number of connections
 * ({@link AccountStoreConfig#connections()}, sized by the login server to its work threads, so a
 * borrower rarely waits). HikariCP validates a connection before lending it after it sat idle,
 * evicts one that failed with a connection error, and opens replacements in the background, so
 * a database that went away and came back is used again without a restart; while it is away a
 * borrow fails after {@link AccountStoreConfig#connectionTimeoutMs()}.
 */
final class AccountDatabase {

    /** The pool's name in HikariCP's log lines and thread names. */
    static final String POOL_NAME = "accounts";

    private AccountDatabase() {
    }

    static final String H2_URL_PREFIX = "jdbc:h2:";
    /**
     * H2's codes for a connection that will not work again. HikariCP evicts on the standard
     * SQLSTATE class 08 (connection exception), which PostgreSQL uses; H2 over TCP reports a lost
     * server with these vendor codes instead, and without this the pool kept lending the dead
     * connection while it was in use often enough to skip the idle validation.
     */
    private static final Set<Integer> H2_CONNECTION_LOST = Set.of(ErrorCode.CONNECTION_BROKEN_1,
            ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.DATABASE_IS_CLOSED);

    /**
     * Opens the pool; fails at once (naming the URL) when the database cannot be reached. With a
     * {@code registry} (else null), the pool reports its meters there through HikariCP's own
     * Micrometer tracker, which removes them when the pool closes.
     */
    static HikariDataSource open(AccountStoreConfig config, MeterRegistry registry) throws SQLException {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(POOL_NAME);
        if (registry != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        hikari.setJdbcUrl(config.jdbcUrl());
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.connections());
        hikari.setMinimumIdle(config.connections());
        hikari.setConnectionTimeout(config.connectionTimeoutMs());
        // HikariCP requires the validation timeout to be below the connection timeout.
        hikari.setValidationTimeout(Math.max(AccountStoreConfig.MIN_CONNECTION_TIMEOUT_MS, config.connectionTimeoutMs() / 2));
        if (config.jdbcUrl().startsWith(H2_URL_PREFIX)) {
            hikari.setExceptionOverride(new H2ConnectionLost());
        }
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SQLException("cannot connect to the account database " + config.jdbcUrl() + ": " + cause.getMessage(), e);
        }
    }

    /** The readiness probe's pool's name. */
    static final String PROBE_POOL_NAME = "accounts-probe";
    /** How long a readiness probe waits for a usable connection: short, the probe answers an HTTP request. */
    static final long PROBE_CONNECTION_TIMEOUT_MS = 500;

    /**
     * A pool of one connection for the readiness probe, apart from the store's pool so that players
     * holding every pooled connection do not look like a database that went away. HikariCP checks
     * the connection ({@code Connection.isValid}, within {@link AccountStoreConfig#MIN_CONNECTION_TIMEOUT_MS})
     * before lending it after half a second idle, replaces a dead one, and gives up after
     * {@link #PROBE_CONNECTION_TIMEOUT_MS}. It does not connect until first asked, and never fails to open.
     */
    static HikariDataSource openProbe(AccountStoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(PROBE_POOL_NAME);
        hikari.setJdbcUrl(config.jdbcUrl());
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(1);
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(PROBE_CONNECTION_TIMEOUT_MS);
        hikari.setValidationTimeout(AccountStoreConfig.MIN_CONNECTION_TIMEOUT_MS);
        hikari.setInitializationFailTimeout(-1);
        if (config.jdbcUrl().startsWith(H2_URL_PREFIX)) {
            hikari.setExceptionOverride(new H2ConnectionLost());
        }
        return new HikariDataSource(hikari);
    }

    /** Evicts a connection H2 reported as lost; leaves every other error to HikariCP's own rules. */
    private static final class H2ConnectionLost implements SQLExceptionOverride {
        @java.lang.Override
        public Override adjudicate(SQLException e) {
            return H2_CONNECTION_LOST.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
        }
    }
}

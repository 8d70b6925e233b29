package io.gameport.sample.account;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;

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

    /** Opens the pool; fails at once (naming the URL) when the database cannot be reached. */
    static HikariDataSource open(AccountStoreConfig config) throws SQLException {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(POOL_NAME);
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
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SQLException("cannot connect to the account database " + config.jdbcUrl() + ": " + cause.getMessage(), e);
        }
    }
}

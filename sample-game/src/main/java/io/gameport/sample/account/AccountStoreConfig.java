package io.gameport.sample.account;

/**
 * Where accounts live and how the passwords are hashed. The default is an embedded H2 file
 * database under {@code ./gameport-data}, created on first start; PostgreSQL (driver included)
 * with {@code jdbc:postgresql://host:port/db}, and any other JDBC URL whose driver is on the class path.
 *
 * @param connections         the pool's fixed size (the login server sizes it to its work threads)
 * @param connectionTimeoutMs how long a caller waits for a connection before failing; when the
 *                            database is down, this is how long a login waits before the player is
 *                            told to retry
 */
public record AccountStoreConfig(String jdbcUrl, String user, String password, int connections, int hashIterations,
        long connectionTimeoutMs) {

    public static final String DEFAULT_JDBC_URL = "jdbc:h2:./gameport-data/accounts";
    public static final long DEFAULT_CONNECTION_TIMEOUT_MS = 2_000;
    /** HikariCP's floor for the connection timeout. */
    public static final long MIN_CONNECTION_TIMEOUT_MS = 250;

    public AccountStoreConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC URL starts with jdbc:, was " + jdbcUrl);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, was " + connections);
        }
        if (hashIterations < 1) {
            throw new IllegalArgumentException("hashIterations must be at least 1, was " + hashIterations);
        }
        if (connectionTimeoutMs < MIN_CONNECTION_TIMEOUT_MS) {
            throw new IllegalArgumentException("connectionTimeoutMs must be at least " + MIN_CONNECTION_TIMEOUT_MS
                    + ", was " + connectionTimeoutMs);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    public static AccountStoreConfig defaults() {
        return new AccountStoreConfig(DEFAULT_JDBC_URL, "sa", "", 2, PasswordHasher.DEFAULT_ITERATIONS,
                DEFAULT_CONNECTION_TIMEOUT_MS);
    }

    public AccountStoreConfig withJdbcUrl(String url) {
        return new AccountStoreConfig(url, user, password, connections, hashIterations, connectionTimeoutMs);
    }

    public AccountStoreConfig withCredentials(String newUser, String newPassword) {
        return new AccountStoreConfig(jdbcUrl, newUser, newPassword, connections, hashIterations, connectionTimeoutMs);
    }

    public AccountStoreConfig withConnections(int count) {
        return new AccountStoreConfig(jdbcUrl, user, password, count, hashIterations, connectionTimeoutMs);
    }

    public AccountStoreConfig withHashIterations(int iterations) {
        return new AccountStoreConfig(jdbcUrl, user, password, connections, iterations, connectionTimeoutMs);
    }

    public AccountStoreConfig withConnectionTimeoutMs(long timeoutMs) {
        return new AccountStoreConfig(jdbcUrl, user, password, connections, hashIterations, timeoutMs);
    }
}

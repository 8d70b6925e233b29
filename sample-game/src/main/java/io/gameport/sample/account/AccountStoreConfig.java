package io.gameport.sample.account;

/**
 * Where accounts live and how the passwords are hashed. The default is an embedded H2 file
 * database under {@code ./gameport-data}, created on first start; any JDBC URL works (for
 * PostgreSQL, put its driver on the class path and pass {@code jdbc:postgresql://host/db}).
 */
public record AccountStoreConfig(String jdbcUrl, String user, String password, int connections, int hashIterations) {

    public static final String DEFAULT_JDBC_URL = "jdbc:h2:./gameport-data/accounts";

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
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    public static AccountStoreConfig defaults() {
        return new AccountStoreConfig(DEFAULT_JDBC_URL, "sa", "", 2, PasswordHasher.DEFAULT_ITERATIONS);
    }

    public AccountStoreConfig withJdbcUrl(String url) {
        return new AccountStoreConfig(url, user, password, connections, hashIterations);
    }

    public AccountStoreConfig withCredentials(String newUser, String newPassword) {
        return new AccountStoreConfig(jdbcUrl, newUser, newPassword, connections, hashIterations);
    }

    public AccountStoreConfig withConnections(int count) {
        return new AccountStoreConfig(jdbcUrl, user, password, count, hashIterations);
    }

    public AccountStoreConfig withHashIterations(int iterations) {
        return new AccountStoreConfig(jdbcUrl, user, password, connections, iterations);
    }
}

package io.gameport.sample.testdb;

import static org.junit.jupiter.api.Assertions.fail;

import io.gameport.sample.account.AccountStoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.tools.Server;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the account tests run against: H2 (embedded in a file, or served over TCP when a
 * test needs a network link to cut) and PostgreSQL, the private cluster whose JDBC URL is in
 * {@value #POSTGRES_URL_ENV} ({@code .ci/postgres start DIR} starts one and prints it). Without
 * that variable the PostgreSQL runs are skipped with a message saying so, unless
 * {@value #POSTGRES_REQUIRED_ENV} is {@code true} (as in CI), where its absence fails them.
 */
public enum TestDatabase {
    H2,
    POSTGRES;

    public static final String POSTGRES_URL_ENV = "GAMEPORT_TEST_POSTGRES_URL";
    public static final String POSTGRES_REQUIRED_ENV = "GAMEPORT_TEST_POSTGRES_REQUIRED";
    private static final AtomicInteger CREATED = new AtomicInteger();

    /** A new, empty database of this kind; H2's files go under {@code dir}. */
    public FreshDatabase create(Path dir) throws SQLException {
        return create(dir, false);
    }

    /**
     * A new, empty database of this kind reached over TCP on 127.0.0.1, so a {@link DatabaseLink}
     * can stand between it and its clients (PostgreSQL always is; H2 gets a TCP server of its own).
     */
    public FreshDatabase createServed(Path dir) throws SQLException {
        return create(dir, true);
    }

    private FreshDatabase create(Path dir, boolean served) throws SQLException {
        String name = "gameport_test_" + ProcessHandle.current().pid() + "_" + CREATED.incrementAndGet();
        switch (this) {
            case H2:
                if (!served) {
                    return new FreshDatabase(this, "jdbc:h2:" + dir.resolve(name), "sa", "", () -> { });
                }
                Server server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
                return new FreshDatabase(this, "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + name, "sa", "",
                        server::stop);
            case POSTGRES:
                String admin = postgresUrl();
                try (Connection connection = DriverManager.getConnection(admin);
                        Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + name);
                }
                return new FreshDatabase(this, admin.replace("/postgres?", "/" + name + "?"), "", "", () -> {
                    try (Connection connection = DriverManager.getConnection(admin);
                            Statement statement = connection.createStatement()) {
                        statement.execute("DROP DATABASE " + name + " WITH (FORCE)");
                    } catch (SQLException e) {
                        throw new IllegalStateException("cannot drop the test database " + name + ": " + e.getMessage(), e);
                    }
                });
            default:
                throw new IllegalStateException("unknown database kind " + this);
        }
    }

    /** The cluster's URL; skips the calling test when there is none, or fails it where PostgreSQL is required. */
    private static String postgresUrl() {
        String url = System.getenv(POSTGRES_URL_ENV);
        if (url != null && !url.isBlank()) {
            if (!url.contains("/postgres?")) {
                fail(POSTGRES_URL_ENV + " must name the cluster's postgres database with parameters"
                        + " (jdbc:postgresql://HOST:PORT/postgres?user=U), was " + url);
            }
            return url;
        }
        String message = "PostgreSQL absent: " + POSTGRES_URL_ENV + " is not set (start a private cluster with"
                + " `export " + POSTGRES_URL_ENV + "=$(bash .ci/postgres start /tmp/gameport-pg)`)";
        if (Boolean.parseBoolean(System.getenv(POSTGRES_REQUIRED_ENV))) {
            fail(message + ", and " + POSTGRES_REQUIRED_ENV + " is true: the PostgreSQL runs may not be skipped here");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** One database made for one test; closing it drops it (PostgreSQL) or stops its TCP server (H2). */
    public record FreshDatabase(TestDatabase kind, String jdbcUrl, String user, String password, Runnable drop)
            implements AutoCloseable {

        /** The account store's settings for this database: cheap hashing, the given URL. */
        public AccountStoreConfig config() {
            return AccountStoreConfig.defaults().withJdbcUrl(jdbcUrl).withCredentials(user, password).withHashIterations(1_000);
        }

        public Connection connect() throws SQLException {
            return user.isEmpty() ? DriverManager.getConnection(jdbcUrl) : DriverManager.getConnection(jdbcUrl, user, password);
        }

        @Override
        public void close() {
            drop.run();
        }
    }
}

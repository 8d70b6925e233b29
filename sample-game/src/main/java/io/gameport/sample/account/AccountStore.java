package io.gameport.sample.account;

import com.zaxxer.hikari.HikariDataSource;
import io.gameport.metrics.CachedHealthCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.gameport.sample.account.PasswordHasher.PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Player accounts over JDBC, through a HikariCP pool ({@link AccountDatabase}). Opening the store
 * migrates the schema with Flyway ({@link AccountSchema});
 * every call is one short transaction in autocommit, so an acknowledged registration is on disk
 * and survives a restart. Calls block on the database and on PBKDF2: run them on the
 * {@link io.gameport.sample.work.SlowWorkPool}. Thread-safe.
 */
public final class AccountStore implements AutoCloseable {

    public static final int MIN_NAME_LENGTH = 3;
    public static final int MAX_NAME_LENGTH = 24;
    public static final int MAX_PASSWORD_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    /** SQLSTATE class 23 is "integrity constraint violation" in every SQL database (here: the unique name). */
    private static final String INTEGRITY_VIOLATION_CLASS = "23";

    /** A readiness answer is reused for this long, so probes ask the database at most once a second. */
    static final Duration READINESS_MAX_AGE = Duration.ofSeconds(1);
    /** The longest a readiness probe keeps the ops HTTP thread: under the 1 s an orchestrator waits by default (Kubernetes), above the probe pool's 500 ms connection timeout so the answer says why. */
    static final Duration READINESS_MAX_WAIT = Duration.ofMillis(750);

    private final HikariDataSource connections;
    private final AccountStoreConfig config;
    private final PasswordHasher hasher;
    private final int schemaVersion;
    private CachedHealthCheck readiness; // guarded by this, made on first use
    private HikariDataSource probe; // guarded by this, with readiness
    /**
     * Checked against when the name is unknown, so an unknown name costs the same PBKDF2 work as a
     * wrong password and the answer's timing does not tell which names exist.
     */
    private final PasswordHash decoy;

    private AccountStore(HikariDataSource connections, AccountStoreConfig config, PasswordHasher hasher, int schemaVersion) {
        this.connections = connections;
        this.config = config;
        this.hasher = hasher;
        this.schemaVersion = schemaVersion;
        this.decoy = hasher.hash("decoy password for unknown names");
    }

    /** Connects, creates or upgrades the schema, and returns the store. */
    public static AccountStore open(AccountStoreConfig config) throws SQLException {
        return open(config, null);
    }

    /**
     * As above, with the connection pool reporting HikariCP's own meters ({@code hikaricp.connections},
     * {@code .active}, {@code .pending}, {@code .acquire}, ..., tagged {@code pool=accounts}) to
     * {@code registry}, until the store is closed; null reports nothing.
     */
    public static AccountStore open(AccountStoreConfig config, MeterRegistry registry) throws SQLException {
        int version = AccountSchema.migrate(config);
        HikariDataSource pool = AccountDatabase.open(config, registry);
        try {
            return new AccountStore(pool, config, new PasswordHasher(config.hashIterations()), version);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** PBKDF2 derivations this store ran (one per registration and per password check, known name or not). */
    public long hashesComputed() {
        return hasher.derivations() - 1;
    }

    public static boolean validName(String name) {
        return name != null && name.length() >= MIN_NAME_LENGTH && name.length() <= MAX_NAME_LENGTH
                && NAME.matcher(name).matches();
    }

    public static boolean validPassword(String password) {
        return password != null && !password.isEmpty() && password.length() <= MAX_PASSWORD_LENGTH;
    }

    /**
     * Creates an account; NAME_TAKEN if the name exists. A name already there is answered before
     * the password is hashed: a client that registers again after a lost answer (or a crowd of
     * them after a login storm) would otherwise cost a full PBKDF2 derivation each for nothing.
     * That says no more than the NAME_TAKEN answer does. Two registrations racing for a new name
     * are still decided by the database's unique index.
     */
    public AccountOutcome register(String name, String password) throws SQLException {
        if (!validName(name)) {
            return AccountOutcome.failed(AccountResult.INVALID_NAME);
        }
        if (!validPassword(password)) {
            return AccountOutcome.failed(AccountResult.INVALID_PASSWORD);
        }
        if (nameTaken(name)) {
            return AccountOutcome.failed(AccountResult.NAME_TAKEN);
        }
        PasswordHash hash = hasher.hash(password);
        Base64.Encoder base64 = Base64.getEncoder();
        return withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO accounts (name, password_salt, password_iterations, password_hash, created_at)"
                            + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setString(2, base64.encodeToString(hash.salt()));
                insert.setInt(3, hash.iterations());
                insert.setString(4, base64.encodeToString(hash.hash()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("the database returned no player_id for " + name);
                    }
                    return new AccountOutcome(AccountResult.OK, keys.getLong(1), name, 0);
                }
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith(INTEGRITY_VIOLATION_CLASS)) {
                    return AccountOutcome.failed(AccountResult.NAME_TAKEN);
                }
                throw e;
            }
        });
    }

    /** Checks a name and password; on success records the login time. */
    public AccountOutcome authenticate(String name, String password) throws SQLException {
        if (!validName(name)) {
            return AccountOutcome.failed(AccountResult.UNKNOWN_NAME);
        }
        if (!validPassword(password)) {
            return AccountOutcome.failed(AccountResult.BAD_PASSWORD);
        }
        long playerId;
        PasswordHash stored;
        Base64.Decoder base64 = Base64.getDecoder();
        Row row = withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT player_id, password_salt, password_iterations, password_hash FROM accounts WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return null;
                    }
                    return new Row(rows.getLong(1), new PasswordHash(base64.decode(rows.getString(2)), rows.getInt(3),
                            base64.decode(rows.getString(4))));
                }
            }
        });
        if (row == null) {
            hasher.verify(password, decoy);
            return AccountOutcome.failed(AccountResult.UNKNOWN_NAME);
        }
        playerId = row.playerId();
        stored = row.hash();
        // Hash outside the borrowed connection: PBKDF2 is the slow part and needs no database.
        if (!hasher.verify(password, stored)) {
            return AccountOutcome.failed(AccountResult.BAD_PASSWORD);
        }
        long loginCount = withTransaction(connection -> {
            // One transaction: the row lock taken by the update makes a concurrent login of the same
            // account wait, so each login reads back its own counter value.
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET last_login_at = CURRENT_TIMESTAMP, login_count = login_count + 1"
                            + " WHERE player_id = ?")) {
                update.setLong(1, playerId);
                update.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT login_count FROM accounts WHERE player_id = ?")) {
                select.setLong(1, playerId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new SQLException("account " + playerId + " vanished during login");
                    }
                    return rows.getLong(1);
                }
            }
        });
        return new AccountOutcome(AccountResult.OK, playerId, name, loginCount);
    }

    /** Number of accounts (operators' view and tests). */
    public long count() throws SQLException {
        return withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM accounts")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /**
     * The readiness check of the database (for {@code /health/ready}): null while a connection of
     * its own answers, otherwise why not. Made on first call (a pool of one connection,
     * {@link AccountDatabase#openProbe}); asks the database at most once a second, only while
     * someone asks it, and never keeps the caller more than {@link #READINESS_MAX_WAIT}.
     */
    public synchronized CachedHealthCheck readiness() {
        if (readiness == null) {
            HikariDataSource probePool = AccountDatabase.openProbe(config);
            probe = probePool;
            readiness = new CachedHealthCheck("account database", () -> {
                try (Connection connection = probePool.getConnection()) {
                    // The pool validated it before lending it; nothing more to ask.
                } catch (SQLException e) {
                    throw new SQLException(rootCause(e), e);
                }
            }, READINESS_MAX_AGE, READINESS_MAX_WAIT);
        }
        return readiness;
    }

    /**
     * HikariCP's timeout says "Connection is not available" with its pool's counts; the driver's
     * cause, when it has one yet, says why; without one, the wait is the news.
     */
    private static String rootCause(SQLException e) {
        if (e.getCause() == null && e instanceof java.sql.SQLTransientConnectionException) {
            return "no connection within " + AccountDatabase.PROBE_CONNECTION_TIMEOUT_MS + " ms";
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (readiness != null) {
                readiness.close();
                probe.close();
            }
        }
        connections.close();
    }

    private boolean nameTaken(String name) throws SQLException {
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM accounts WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet found = select.executeQuery()) {
                    return found.next();
                }
            }
        });
    }

    private <T> T withConnection(SqlWork<T> work) throws SQLException {
        // Closing the pool's connection gives it back; HikariCP rolls back and resets anything left open.
        try (Connection connection = connections.getConnection()) {
            return work.run(connection);
        }
    }

    private <T> T withTransaction(SqlWork<T> work) throws SQLException {
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private record Row(long playerId, PasswordHash hash) {
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}

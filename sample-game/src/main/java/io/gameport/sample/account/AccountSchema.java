package io.gameport.sample.account;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account database's schema, migrated by Flyway from the versioned SQL scripts under
 * {@value #LOCATION} ({@code V1__accounts.sql}, ...; plain SQL that H2 and PostgreSQL both
 * accept). Each script runs once and is recorded in Flyway's {@code flyway_schema_history}, so an
 * existing database is upgraded in place and never recreated. Scripts are append-only: Flyway
 * refuses to start when a released one was edited (its checksum changed); a change is a new script.
 *
 * <p>Databases created before Flyway took over carry the earlier hand-written migrator's
 * {@value #LEGACY_TABLE} table (the same three steps, numbered alike) instead of Flyway's history.
 * Such a database is baselined at the version that table records, so Flyway applies only the
 * scripts above it. The old table is left as it was; once Flyway's history exists the baseline has
 * no further effect.
 */
final class AccountSchema {

    static final String LOCATION = "classpath:db/migration/accounts";
    static final String LEGACY_TABLE = "schema_version";
    /** SQLSTATE class 42 (syntax error or access rule violation) is how H2 and PostgreSQL report a missing table. */
    private static final String NO_SUCH_TABLE_CLASS = "42";
    private static final Logger LOG = LoggerFactory.getLogger(AccountSchema.class);

    private AccountSchema() {
    }

    /**
     * Applies every script above the database's version; returns the version it is at now. Flyway
     * opens its own connections (two at once while it migrates) and closes them before this returns,
     * so the store's pool can be as small as one connection.
     */
    static int migrate(AccountStoreConfig config) throws SQLException {
        FluentConfiguration configuration = Flyway.configure(AccountSchema.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.user().isEmpty() ? null : config.user(), config.password())
                .locations(LOCATION)
                .failOnMissingLocations(true);
        try {
            int legacyVersion;
            try (Connection connection = configuration.getDataSource().getConnection()) {
                legacyVersion = legacyVersion(connection);
            }
            if (legacyVersion >= 0) {
                configuration.baselineOnMigrate(true)
                        .baselineVersion(Integer.toString(legacyVersion))
                        .baselineDescription("baseline: version " + legacyVersion + " in the old " + LEGACY_TABLE + " table");
            }
            Flyway flyway = configuration.load();
            int applied = flyway.migrate().migrationsExecuted;
            MigrationInfo current = flyway.info().current();
            int version = current == null ? 0 : Integer.parseInt(current.getVersion().getVersion());
            LOG.info("account schema at version {} ({} script(s) applied now{})", version, applied,
                    legacyVersion >= 0 ? ", hand-written migrator's version " + legacyVersion + " found" : "");
            return version;
        } catch (SQLException e) {
            throw new SQLException("cannot read the account database " + config.jdbcUrl() + ": " + e.getMessage(),
                    e.getSQLState(), e);
        } catch (FlywayException e) {
            throw new SQLException("account schema migration failed on " + config.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The version the hand-written migrator recorded, 0 if its table is empty, -1 if the database
     * has no such table (new, or already under Flyway before any legacy table existed).
     */
    static int legacyVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM " + LEGACY_TABLE)) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(NO_SUCH_TABLE_CLASS)) {
                return -1;
            }
            throw e;
        }
    }
}

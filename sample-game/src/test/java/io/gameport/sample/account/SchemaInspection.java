package io.gameport.sample.account;

import io.gameport.sample.testdb.TestDatabase.FreshDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;

/** Reads a test database's schema and migration history, and migrates one to a chosen version. */
final class SchemaInspection {

    private SchemaInspection() {
    }

    /** The versions in Flyway's history, in the order they were recorded. */
    static List<String> history(FreshDatabase db) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                        + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
        }
        return versions;
    }

    static int legacyVersion(FreshDatabase db) throws SQLException {
        try (Connection connection = db.connect()) {
            return AccountSchema.legacyVersion(connection);
        }
    }

    /** Flyway's scripts up to {@code version} and no further, as an older release would have left the database. */
    static void flywayTo(FreshDatabase db, String version) {
        Flyway.configure().dataSource(db.jdbcUrl(), db.user().isEmpty() ? null : db.user(), db.password())
                .locations(AccountSchema.LOCATION).target(version).load().migrate();
    }

    /** The accounts table as the driver describes it: each column's name, type, size, nullability and default, and its indexes. */
    static List<String> accountsTable(FreshDatabase db) throws SQLException {
        List<String> description = new ArrayList<>();
        try (Connection connection = db.connect()) {
            DatabaseMetaData meta = connection.getMetaData();
            String table = meta.storesUpperCaseIdentifiers() ? "ACCOUNTS" : "accounts";
            try (ResultSet columns = meta.getColumns(null, connection.getSchema(), table, null)) {
                while (columns.next()) {
                    description.add(String.join(" ", "column", columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                            columns.getString("TYPE_NAME"), columns.getString("COLUMN_SIZE"), columns.getString("IS_NULLABLE"),
                            String.valueOf(columns.getString("COLUMN_DEF")), columns.getString("IS_AUTOINCREMENT")));
                }
            }
            try (ResultSet indexes = meta.getIndexInfo(null, connection.getSchema(), table, false, false)) {
                while (indexes.next()) {
                    String index = indexes.getString("INDEX_NAME");
                    if (index != null) {
                        description.add(String.join(" ", "index", indexes.getBoolean("NON_UNIQUE") ? "non-unique" : "unique",
                                indexes.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)));
                    }
                }
            }
        }
        description.sort(null);
        return description;
    }
}

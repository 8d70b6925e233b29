package io.gameport.sample.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AccountStoreTest {

    @TempDir
    Path dir;

    private AccountStoreConfig config(String db) {
        return AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve(db)).withHashIterations(1_000);
    }

    @Test
    void registersThenAuthenticatesWithTheSamePlayerId() throws Exception {
        try (AccountStore store = AccountStore.open(config("a"))) {
            AccountOutcome registered = store.register("alice", "pw1");
            assertEquals(AccountResult.OK, registered.result());
            assertTrue(registered.playerId() > 0);
            AccountOutcome login = store.authenticate("alice", "pw1");
            assertEquals(AccountResult.OK, login.result());
            assertEquals(registered.playerId(), login.playerId());
            assertEquals("alice", login.name());
        }
    }

    @Test
    void wrongPasswordUnknownNameAndTakenNameAreTold() throws Exception {
        try (AccountStore store = AccountStore.open(config("b"))) {
            store.register("bob", "right");
            assertEquals(AccountResult.BAD_PASSWORD, store.authenticate("bob", "wrong").result());
            assertEquals(AccountResult.UNKNOWN_NAME, store.authenticate("nobody", "x").result());
            assertEquals(AccountResult.NAME_TAKEN, store.register("bob", "other").result());
            assertEquals(AccountResult.OK, store.authenticate("bob", "right").result());
        }
    }

    @Test
    void anUnknownNameCostsTheSamePasswordHashAsAWrongPassword() throws Exception {
        try (AccountStore store = AccountStore.open(config("decoy"))) {
            store.register("bob", "right");
            long before = store.hashesComputed();
            assertEquals(AccountResult.BAD_PASSWORD, store.authenticate("bob", "wrong").result());
            long wrongPassword = store.hashesComputed() - before;
            assertEquals(AccountResult.UNKNOWN_NAME, store.authenticate("nobody", "wrong").result());
            long unknownName = store.hashesComputed() - before - wrongPassword;
            assertEquals(1, wrongPassword);
            assertEquals(wrongPassword, unknownName);
        }
    }

    @Test
    void eachLoginGetsAHigherLoginCountEvenWhenConcurrent() throws Exception {
        try (AccountStore store = AccountStore.open(config("count").withConnections(4))) {
            store.register("gen", "pw");
            assertEquals(1, store.authenticate("gen", "pw").loginCount());
            assertEquals(2, store.authenticate("gen", "pw").loginCount());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<AccountOutcome>> tasks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    tasks.add(() -> store.authenticate("gen", "pw"));
                }
                java.util.Set<Long> counts = new java.util.TreeSet<>();
                for (Future<AccountOutcome> result : pool.invokeAll(tasks)) {
                    counts.add(result.get().loginCount());
                }
                assertEquals(java.util.Set.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), counts);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void malformedNamesAndPasswordsAreRefusedBeforeTheDatabase() throws Exception {
        try (AccountStore store = AccountStore.open(config("c"))) {
            assertEquals(AccountResult.INVALID_NAME, store.register("", "pw").result());
            assertEquals(AccountResult.INVALID_NAME, store.register("ab", "pw").result());
            assertEquals(AccountResult.INVALID_NAME, store.register("x".repeat(25), "pw").result());
            assertEquals(AccountResult.INVALID_NAME, store.register("bob'; DROP TABLE accounts;--", "pw").result());
            assertEquals(AccountResult.INVALID_PASSWORD, store.register("carol", "").result());
            assertEquals(AccountResult.INVALID_PASSWORD, store.register("carol", "p".repeat(129)).result());
            assertEquals(0, store.count());
        }
    }

    @Test
    void accountsSurviveARestartOfTheStore() throws Exception {
        long id;
        try (AccountStore store = AccountStore.open(config("persist"))) {
            id = store.register("dave", "pw").playerId();
        }
        try (AccountStore reopened = AccountStore.open(config("persist"))) {
            AccountOutcome login = reopened.authenticate("dave", "pw");
            assertEquals(AccountResult.OK, login.result());
            assertEquals(id, login.playerId());
            assertEquals(1, reopened.count());
            assertNotEquals(id, reopened.register("erin", "pw").playerId());
        }
    }

    @Test
    void newDatabaseIsMigratedToTheLatestVersionAndRecordsEachStep() throws Exception {
        try (AccountStore store = AccountStore.open(config("schema"))) {
            assertEquals(SchemaMigrations.ACCOUNT_SCHEMA.size(), store.schemaVersion());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:h2:" + dir.resolve("schema"), "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
            assertEquals(List.of(1, 2, 3), versions);
        }
    }

    @Test
    void databaseAtAnOlderVersionIsUpgradedInPlaceKeepingItsAccounts() throws Exception {
        String url = "jdbc:h2:" + dir.resolve("old");
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertEquals(1, SchemaMigrations.migrate(connection, SchemaMigrations.ACCOUNT_SCHEMA.subList(0, 1)));
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO accounts (name, password_salt, password_iterations, password_hash, created_at)"
                        + " VALUES ('old', 'AA==', 1, 'AA==', CURRENT_TIMESTAMP)");
            }
        }
        try (AccountStore store = AccountStore.open(config("old"))) {
            assertEquals(SchemaMigrations.ACCOUNT_SCHEMA.size(), store.schemaVersion());
            assertEquals(1, store.count());
            assertEquals(AccountResult.BAD_PASSWORD, store.authenticate("old", "pw").result());
        }
    }

    @Test
    void concurrentRegistrationsOfOneNameCreateExactlyOneAccount() throws Exception {
        try (AccountStore store = AccountStore.open(config("race").withConnections(4))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<AccountOutcome>> tasks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    tasks.add(() -> store.register("frank", "pw"));
                }
                int ok = 0;
                int taken = 0;
                for (Future<AccountOutcome> result : pool.invokeAll(tasks)) {
                    AccountResult r = result.get().result();
                    if (r == AccountResult.OK) {
                        ok++;
                    } else if (r == AccountResult.NAME_TAKEN) {
                        taken++;
                    }
                }
                assertEquals(1, ok);
                assertEquals(7, taken);
                assertEquals(1, store.count());
                assertEquals(AccountResult.OK, store.register("grace", "pw").result());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

package io.gameport.sample.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.sample.testdb.DatabaseLink;
import io.gameport.sample.testdb.TestDatabase;
import io.gameport.sample.testdb.TestDatabase.FreshDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The account store on every database the sample supports (see {@link TestDatabase}). */
@Timeout(60)
class AccountStoreTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void registersThenAuthenticatesWithTheSamePlayerId(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir); AccountStore store = AccountStore.open(db.config())) {
            AccountOutcome registered = store.register("alice", "pw1");
            assertEquals(AccountResult.OK, registered.result());
            assertTrue(registered.playerId() > 0);
            AccountOutcome login = store.authenticate("alice", "pw1");
            assertEquals(AccountResult.OK, login.result());
            assertEquals(registered.playerId(), login.playerId());
            assertEquals("alice", login.name());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void wrongPasswordUnknownNameAndTakenNameAreTold(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir); AccountStore store = AccountStore.open(db.config())) {
            store.register("bob", "right");
            assertEquals(AccountResult.BAD_PASSWORD, store.authenticate("bob", "wrong").result());
            assertEquals(AccountResult.UNKNOWN_NAME, store.authenticate("nobody", "x").result());
            assertEquals(AccountResult.NAME_TAKEN, store.register("bob", "other").result());
            assertEquals(AccountResult.OK, store.authenticate("bob", "right").result());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void registeringATakenNameAgainHashesNothing(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir); AccountStore store = AccountStore.open(db.config())) {
            store.register("bob", "right");
            long before = store.hashesComputed();
            assertEquals(AccountResult.NAME_TAKEN, store.register("bob", "right").result());
            assertEquals(AccountResult.NAME_TAKEN, store.register("bob", "other").result());
            assertEquals(0, store.hashesComputed() - before);
            assertEquals(AccountResult.OK, store.register("carol", "pw").result());
            assertEquals(1, store.hashesComputed() - before, "a new name is hashed as before");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anUnknownNameCostsTheSamePasswordHashAsAWrongPassword(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir); AccountStore store = AccountStore.open(db.config())) {
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

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void eachLoginGetsAHigherLoginCountEvenWhenConcurrent(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir); AccountStore store = AccountStore.open(db.config().withConnections(4))) {
            store.register("gen", "pw");
            assertEquals(1, store.authenticate("gen", "pw").loginCount());
            assertEquals(2, store.authenticate("gen", "pw").loginCount());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<AccountOutcome>> tasks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    tasks.add(() -> store.authenticate("gen", "pw"));
                }
                Set<Long> counts = new TreeSet<>();
                for (Future<AccountOutcome> result : pool.invokeAll(tasks)) {
                    counts.add(result.get().loginCount());
                }
                assertEquals(Set.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), counts);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void malformedNamesAndPasswordsAreRefusedBeforeTheDatabase(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir); AccountStore store = AccountStore.open(db.config())) {
            assertEquals(AccountResult.INVALID_NAME, store.register("", "pw").result());
            assertEquals(AccountResult.INVALID_NAME, store.register("ab", "pw").result());
            assertEquals(AccountResult.INVALID_NAME, store.register("x".repeat(25), "pw").result());
            assertEquals(AccountResult.INVALID_NAME, store.register("bob'; DROP TABLE accounts;--", "pw").result());
            assertEquals(AccountResult.INVALID_PASSWORD, store.register("carol", "").result());
            assertEquals(AccountResult.INVALID_PASSWORD, store.register("carol", "p".repeat(129)).result());
            assertEquals(0, store.count());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void accountsSurviveARestartOfTheStore(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir)) {
            long id;
            try (AccountStore store = AccountStore.open(db.config())) {
                id = store.register("dave", "pw").playerId();
            }
            try (AccountStore reopened = AccountStore.open(db.config())) {
                AccountOutcome login = reopened.authenticate("dave", "pw");
                assertEquals(AccountResult.OK, login.result());
                assertEquals(id, login.playerId());
                assertEquals(1, reopened.count());
                assertNotEquals(id, reopened.register("erin", "pw").playerId());
                assertEquals(3, reopened.schemaVersion());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void concurrentRegistrationsOfOneNameCreateExactlyOneAccount(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir); AccountStore store = AccountStore.open(db.config().withConnections(4))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<AccountOutcome>> tasks = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
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
                assertEquals(15, taken);
                assertEquals(1, store.count());
                assertEquals(AccountResult.OK, store.register("grace", "pw").result());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aNewDatabaseGetsEveryScriptRecordedInFlywaysHistory(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir)) {
            try (AccountStore store = AccountStore.open(db.config())) {
                assertEquals(3, store.schemaVersion());
            }
            assertEquals(List.of("1", "2", "3"), SchemaInspection.history(db));
            assertEquals(-1, SchemaInspection.legacyVersion(db), "no table of the hand-written migrator in a new database");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theScriptsMakeTheSameTableAsTheHandWrittenMigratorDid(TestDatabase kind) throws Exception {
        try (FreshDatabase byFlyway = kind.create(dir); FreshDatabase byHand = kind.create(dir)) {
            AccountStore.open(byFlyway.config()).close();
            try (Connection connection = byHand.connect()) {
                HandWrittenMigrator.migrateTo(connection, 3);
            }
            assertEquals(SchemaInspection.accountsTable(byHand), SchemaInspection.accountsTable(byFlyway));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDatabaseMadeByTheHandWrittenMigratorIsBaselinedAndUpgradedKeepingItsAccounts(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir)) {
            try (Connection connection = db.connect()) {
                HandWrittenMigrator.migrateTo(connection, 1);
                HandWrittenMigrator.insertAccount(connection, "old");
            }
            try (AccountStore store = AccountStore.open(db.config())) {
                assertEquals(3, store.schemaVersion());
                assertEquals(1, store.count());
                assertEquals(AccountResult.BAD_PASSWORD, store.authenticate("old", "pw").result());
                assertEquals(AccountResult.OK, store.register("new", "pw").result());
                assertEquals(1, store.authenticate("new", "pw").loginCount(), "version 3's login counter is there");
            }
            assertEquals(List.of("1", "2", "3"), SchemaInspection.history(db), "baselined at 1, then scripts 2 and 3");
            try (AccountStore reopened = AccountStore.open(db.config())) {
                assertEquals(3, reopened.schemaVersion());
                assertEquals(2, reopened.count());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDatabaseTheHandWrittenMigratorBroughtToTheLatestVersionIsOnlyBaselined(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir)) {
            try (Connection connection = db.connect()) {
                HandWrittenMigrator.migrateTo(connection, 3);
                HandWrittenMigrator.insertAccount(connection, "veteran");
            }
            try (AccountStore store = AccountStore.open(db.config())) {
                assertEquals(3, store.schemaVersion());
                assertEquals(1, store.count());
            }
            assertEquals(List.of("3"), SchemaInspection.history(db), "only the baseline: no script ran again");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDatabaseAtAnOlderFlywayVersionIsUpgradedInPlace(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.create(dir)) {
            SchemaInspection.flywayTo(db, "2");
            try (Connection connection = db.connect()) {
                HandWrittenMigrator.insertAccount(connection, "early");
            }
            try (AccountStore store = AccountStore.open(db.config())) {
                assertEquals(3, store.schemaVersion());
                assertEquals(1, store.count());
            }
            assertEquals(List.of("1", "2", "3"), SchemaInspection.history(db));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDatabaseThatGoesAwayFailsCallsWithAnSqlErrorAndIsUsedAgainWhenItReturns(TestDatabase kind) throws Exception {
        try (FreshDatabase db = kind.createServed(dir); DatabaseLink link = new DatabaseLink(db.jdbcUrl());
                AccountStore store = AccountStore.open(db.config().withJdbcUrl(link.rewrite(db.jdbcUrl())).withConnections(2))) {
            assertEquals(AccountResult.OK, store.register("alice", "pw").result());
            link.cutOff();
            assertThrows(SQLException.class, () -> store.authenticate("alice", "pw"));
            assertThrows(SQLException.class, () -> store.register("bob", "pw"));
            link.restore();
            AccountOutcome login = null;
            List<String> errorsWhileReturning = new ArrayList<>();
            for (int attempt = 0; attempt < 40 && login == null; attempt++) {
                try {
                    login = store.authenticate("alice", "pw");
                } catch (SQLException e) {
                    // A connection that died with the link may be lent once more before the pool evicts it.
                    errorsWhileReturning.add(e.getMessage());
                    Thread.sleep(100);
                }
            }
            assertTrue(login != null, "still failing after the database returned: " + errorsWhileReturning);
            assertEquals(AccountResult.OK, login.result());
            assertEquals(AccountResult.OK, store.register("bob", "pw").result());
            assertEquals(2, store.count());
        }
    }
}

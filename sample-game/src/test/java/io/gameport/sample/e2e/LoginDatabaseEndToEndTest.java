package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.testdb.DatabaseLink;
import io.gameport.sample.testdb.TestDatabase.FreshDatabase;
import io.gameport.sample.testdb.TestDatabase;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The login server over real sockets on each database the sample supports (H2 and PostgreSQL, see
 * {@link TestDatabase}): players racing for one name, and the database going away and coming back
 * while players keep logging in.
 */
@Timeout(120)
class LoginDatabaseEndToEndTest {

    /** Attempts a client makes after the database returned before the test gives up (each waits the server's retry time). */
    private static final int ATTEMPTS_AFTER_RETURN = 40;

    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final TransportSettings transport = TransportSettings.defaults().withWorkers(1);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    private LoginServer startLogin(AccountStoreConfig accounts) throws Exception {
        return open(LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                accounts, 4, 64, SampleGameEndToEndTest.SECRET, 60_000, 1_000, 1_000, "127.0.0.1", 7200)));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void playersRacingToRegisterOneNameGetOneAccountAndNameTakenForTheRest(TestDatabase kind) throws Exception {
        FreshDatabase db = open(kind.create(dir));
        LoginServer login = startLogin(db.config());
        TransportClient client = open(new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES));
        int players = 8;
        ExecutorService racers = Executors.newFixedThreadPool(players);
        try {
            List<Callable<LoginResult>> attempts = new ArrayList<>();
            for (int i = 0; i < players; i++) {
                attempts.add(() -> {
                    try (TestClient c = new TestClient(client, login.port())) {
                        return c.request(RegisterRequest.newBuilder().setName("frank").setPassword("pw").build(),
                                RegisterResponse.class).getResult();
                    }
                });
            }
            List<LoginResult> results = new ArrayList<>();
            for (Future<LoginResult> result : racers.invokeAll(attempts)) {
                results.add(result.get());
            }
            assertEquals(1, results.stream().filter(r -> r == LoginResult.LOGIN_RESULT_OK).count(), results.toString());
            assertEquals(players - 1, results.stream().filter(r -> r == LoginResult.LOGIN_RESULT_NAME_TAKEN).count(),
                    results.toString());
        } finally {
            racers.shutdownNow();
        }
        assertEquals(1, login.registrations());
        try (TestClient c = new TestClient(client, login.port())) {
            assertEquals(LoginResult.LOGIN_RESULT_OK, c.request(LoginRequest.newBuilder().setName("frank").setPassword("pw").build(),
                    LoginResponse.class).getResult());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void whileTheDatabaseIsAwayPlayersAreToldItIsUnavailableAndWhenItReturnsTheyLogIn(TestDatabase kind) throws Exception {
        FreshDatabase db = open(kind.createServed(dir));
        DatabaseLink link = open(new DatabaseLink(db.jdbcUrl()));
        LoginServer login = startLogin(db.config().withJdbcUrl(link.rewrite(db.jdbcUrl())));
        TransportClient client = open(new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES));
        try (TestClient c = new TestClient(client, login.port())) {
            assertEquals(LoginResult.LOGIN_RESULT_OK, c.request(RegisterRequest.newBuilder().setName("alice").setPassword("pw").build(),
                    RegisterResponse.class).getResult());
            assertEquals(LoginResult.LOGIN_RESULT_OK, c.request(LoginRequest.newBuilder().setName("alice").setPassword("pw").build(),
                    LoginResponse.class).getResult());
        }

        link.cutOff();
        try (TestClient c = new TestClient(client, login.port())) {
            LoginResponse refused = c.request(LoginRequest.newBuilder().setName("alice").setPassword("pw").build(),
                    LoginResponse.class);
            assertEquals(LoginResult.LOGIN_RESULT_UNAVAILABLE, refused.getResult());
            assertEquals(LoginServerConfig.UNAVAILABLE_RETRY_AFTER_MS, refused.getRetryAfterMs());
            RegisterResponse notRegistered = c.request(RegisterRequest.newBuilder().setName("bob").setPassword("pw").build(),
                    RegisterResponse.class);
            assertEquals(LoginResult.LOGIN_RESULT_UNAVAILABLE, notRegistered.getResult());
            assertEquals(LoginServerConfig.UNAVAILABLE_RETRY_AFTER_MS, notRegistered.getRetryAfterMs());
        }
        assertTrue(login.databaseFailures() >= 2, "failures counted: " + login.databaseFailures());

        link.restore();
        EnumSet<LoginResult> whileReturning = EnumSet.noneOf(LoginResult.class);
        LoginResult result = LoginResult.LOGIN_RESULT_UNSPECIFIED;
        // A connection per attempt: the server allows a connection only a few login attempts.
        for (int attempt = 0; attempt < ATTEMPTS_AFTER_RETURN && result != LoginResult.LOGIN_RESULT_OK; attempt++) {
            try (TestClient c = new TestClient(client, login.port())) {
                LoginResponse response = c.request(LoginRequest.newBuilder().setName("alice").setPassword("pw").build(),
                        LoginResponse.class);
                result = response.getResult();
                if (result != LoginResult.LOGIN_RESULT_OK) {
                    whileReturning.add(result);
                    Thread.sleep(response.getRetryAfterMs());
                }
            }
        }
        assertEquals(LoginResult.LOGIN_RESULT_OK, result, "refused meanwhile with " + whileReturning);
        assertTrue(EnumSet.of(LoginResult.LOGIN_RESULT_UNAVAILABLE).containsAll(whileReturning), whileReturning.toString());
        try (TestClient c = new TestClient(client, login.port())) {
            assertEquals(LoginResult.LOGIN_RESULT_OK, c.request(RegisterRequest.newBuilder().setName("bob").setPassword("pw").build(),
                    RegisterResponse.class).getResult());
        }
    }
}

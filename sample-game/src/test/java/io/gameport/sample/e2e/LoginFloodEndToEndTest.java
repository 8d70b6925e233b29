package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.limit.AccountBackoff;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A password guesser spread over many connections: the account name backs off, without hashing, and others log in. */
@Timeout(60)
class LoginFloodEndToEndTest {

    @TempDir
    Path dir;
    private LoginServer login;
    private TransportClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (login != null) {
            login.close();
        }
    }

    private LoginResponse attempt(String name, String password) throws Exception {
        // A connection per attempt, as a guesser spread over many addresses would: no per-session state helps.
        try (TestClient c = new TestClient(client, login.port())) {
            return c.request(LoginRequest.newBuilder().setName(name).setPassword(password).build(), LoginResponse.class);
        }
    }

    @Test
    void oneConnectionPipeliningLoginsIsHeldToItsAttemptsPerSession() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("pipelined")).withHashIterations(1_000),
                1, 64, SampleGameEndToEndTest.SECRET, 60_000, 1_000_000, 1_000_000, "127.0.0.1", 7200)
                .withAttemptsPerSession(3));
        client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
        try (TestClient c = new TestClient(client, login.port())) {
            for (int i = 0; i < 8; i++) {
                c.send(LoginRequest.newBuilder().setName("someone").setPassword("x" + i).build());
            }
            int answered = 0;
            int limited = 0;
            for (int i = 0; i < 8; i++) {
                com.google.protobuf.Message answer = c.awaitAny(LoginResponse.class, io.gameport.protocol.messages.ErrorReply.class);
                if (answer instanceof LoginResponse) {
                    answered++;
                } else {
                    assertEquals(io.gameport.protocol.messages.ErrorCode.ERROR_CODE_RATE_LIMITED,
                            ((io.gameport.protocol.messages.ErrorReply) answer).getCode());
                    limited++;
                }
            }
            assertEquals(3, answered, "the session's three attempts");
            assertEquals(5, limited);
        }
    }

    @Test
    void failedLoginsOfOneNameBackOffWithoutHashingWhileOtherNamesLogIn() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                1, 64, SampleGameEndToEndTest.SECRET, 60_000, 1_000_000, 1_000_000, "127.0.0.1", 7200)
                .withAccountBackoff(AccountBackoff.Settings.defaults().withFreeFailures(3).withBackoffMs(60_000, 120_000)));
        client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
        try (TestClient c = new TestClient(client, login.port())) {
            for (String name : new String[] {"target", "bystander"}) {
                assertEquals(LoginResult.LOGIN_RESULT_OK, c.request(RegisterRequest.newBuilder().setName(name)
                        .setPassword("right").build(), RegisterResponse.class).getResult());
            }
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(LoginResult.LOGIN_RESULT_BAD_PASSWORD, attempt("target", "guess" + i).getResult(),
                    "three free failures, and the fourth starts the back-off");
        }
        long hashesBefore = login.hashesComputed();
        for (int i = 0; i < 20; i++) {
            LoginResponse refused = attempt("target", i == 19 ? "right" : "guess" + i);
            assertEquals(LoginResult.LOGIN_RESULT_ACCOUNT_BACKOFF, refused.getResult());
            assertTrue(refused.getRetryAfterMs() > 0 && refused.getRetryAfterMs() <= 60_000, "retry after " + refused.getRetryAfterMs());
        }
        assertEquals(hashesBefore, login.hashesComputed(), "a backing-off name costs no hashing");
        assertEquals(20, login.accountBackoffRefusals());
        assertEquals(LoginResult.LOGIN_RESULT_OK, attempt("bystander", "right").getResult());

        for (int i = 0; i < 4; i++) {
            assertEquals(LoginResult.LOGIN_RESULT_UNKNOWN_NAME, attempt("nobody", "x").getResult());
        }
        assertEquals(LoginResult.LOGIN_RESULT_ACCOUNT_BACKOFF, attempt("nobody", "x").getResult(),
                "unknown names back off alike, so the answer does not tell which names exist");
    }
}

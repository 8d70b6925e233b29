package io.gameport.sample.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.GameClient;
import io.gameport.metrics.MetricsModule;
import io.gameport.metrics.MetricsSettings;
import io.gameport.metrics.OpsHttpServer;
import io.gameport.metrics.PrometheusText;
import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.messages.LoginProto;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login server's own meters and its account pool's, scraped over real HTTP after a player
 * registered and logged in, accepted by promtool and read with Prometheus's Python parser.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginServerMetersTest {

    private static final byte[] SECRET = "login-meters-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final int WORK_THREADS = 2;
    private static final Map<String, String> LOGIN = Map.of("server", "login");
    private static final Map<String, String> ACCOUNTS = Map.of("pool", "accounts");

    @TempDir
    Path dir;

    @Test
    void aScrapeCountsLoginsByResultTimesThemAndShowsTheWorkPoolAndTheAccountPool() throws Exception {
        PrometheusText.assumeToolsPresent();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0),
                TransportSettings.defaults().withWorkers(1),
                AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                WORK_THREADS, 16, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", 7001), null,
                new MetricsModule(registry, new MetricsSettings("login")));
        try (OpsHttpServer http = OpsHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry)) {
            try (GameClient client = GameClient.builder().address(new InetSocketAddress("127.0.0.1", login.port()))
                    .protocol(LoginProto.getDescriptor()).connect().get(10, TimeUnit.SECONDS)) {
                assertEquals(LoginResult.LOGIN_RESULT_OK, client.request(RegisterRequest.newBuilder().setName("metered")
                        .setPassword("right").build(), RegisterResponse.class).get(10, TimeUnit.SECONDS).getResult());
                assertEquals(LoginResult.LOGIN_RESULT_OK, login(client, "right"));
                assertEquals(LoginResult.LOGIN_RESULT_BAD_PASSWORD, login(client, "wrong"));
            }
            List<PrometheusText.Sample> samples = PrometheusText.scrape(
                    URI.create("http://127.0.0.1:" + http.address().getPort() + "/metrics"));

            assertEquals(1, logins(samples, "ok"));
            assertEquals(1, logins(samples, "bad_password"));
            assertEquals(0, logins(samples, "server_busy"));
            assertEquals(0, logins(samples, "rate_limited"));
            assertEquals(2, PrometheusText.value(samples, "sample_login_duration_seconds_count", LOGIN),
                    "both logins went to the work pool and were timed");
            assertTrue(PrometheusText.value(samples, "sample_login_duration_seconds_sum", LOGIN) > 0);
            assertEquals(0, PrometheusText.value(samples, "sample_login_work_queued", LOGIN));
            assertEquals(login.busyReplies(), PrometheusText.value(samples, "sample_login_work_busy_total", LOGIN));
            assertEquals(0, PrometheusText.value(samples, "sample_login_work_abandoned_total", LOGIN));
            assertEquals(WORK_THREADS, PrometheusText.value(samples, "hikaricp_connections_max", ACCOUNTS),
                    "HikariCP's own meters of the account pool, sized to the work threads");
            assertTrue(PrometheusText.value(samples, "hikaricp_connections_acquire_seconds_count", ACCOUNTS) >= 3,
                    "a registration and two logins each borrowed a connection");
            assertEquals(1, PrometheusText.value(samples, "gameport_connections_opened_total", LOGIN),
                    "Gameport's meters are in the same scrape");
        } finally {
            login.close();
        }
        assertEquals(List.of(), registry.getMeters().stream().map(m -> m.getId().getName()).distinct().toList(),
                "a closed login server leaves no meter behind");
    }

    private static LoginResult login(GameClient client, String password) throws Exception {
        return client.request(LoginRequest.newBuilder().setName("metered").setPassword(password).build(),
                LoginResponse.class).get(10, TimeUnit.SECONDS).getResult();
    }

    private static double logins(List<PrometheusText.Sample> samples, String result) {
        return PrometheusText.value(samples, "sample_logins_total", Map.of("server", "login", "result", result));
    }
}

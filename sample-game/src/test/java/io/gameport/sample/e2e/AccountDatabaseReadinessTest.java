package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gameport.metrics.HealthChecks;
import io.gameport.metrics.OpsHttpServer;
import io.gameport.net.TransportSettings;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.testdb.DatabaseLink;
import io.gameport.sample.testdb.TestDatabase;
import io.gameport.sample.testdb.TestDatabase.FreshDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The login server's {@code /health/ready} over real HTTP follows its account database (H2 served
 * over TCP and PostgreSQL, see {@link TestDatabase}), cut off and restored by a {@link DatabaseLink}:
 * 200 while it answers, 503 naming it with the driver's reason while it is away, 200 once it is back.
 */
@Timeout(120)
class AccountDatabaseReadinessTest {

    /** Hang guard for the database's going and return to show (each probe waits at most 750 ms): never a measurement. */
    private static final long CHANGE_BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();

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

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void readinessIs503WithTheReasonWhileTheDatabaseIsAwayAnd200WhenItReturns(TestDatabase kind) throws Exception {
        FreshDatabase db = open(kind.createServed(dir));
        DatabaseLink link = open(new DatabaseLink(db.jdbcUrl()));
        LoginServer login = open(LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0),
                TransportSettings.defaults().withWorkers(1), db.config().withJdbcUrl(link.rewrite(db.jdbcUrl())), 2, 16,
                SampleGameEndToEndTest.SECRET, 60_000, 1_000, 1_000, "127.0.0.1", 7200)));
        HealthChecks health = new HealthChecks().ready("login", login::notReadyReason)
                .ready("account-database", login.accountDatabaseReadiness());
        OpsHttpServer http = open(OpsHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health));
        URI ready = URI.create("http://127.0.0.1:" + http.address().getPort() + "/health/ready");

        assertEquals(200, get(ready).statusCode());

        link.cutOff();
        HttpResponse<String> away = awaitStatus(ready, 503);
        JsonObject body = JsonParser.parseString(away.body()).getAsJsonObject();
        assertEquals("down", body.get("status").getAsString());
        assertEquals(1, body.getAsJsonArray("failing").size(), "only the database fails: " + away.body());
        assertEquals("account-database", body.getAsJsonArray("failing").get(0).getAsString());
        String reason = body.getAsJsonObject("reasons").get("account-database").getAsString();
        assertTrue(reason.startsWith("account database unreachable: ") || reason.startsWith("account database did not answer"),
                reason);

        link.restore();
        awaitStatus(ready, 200);
        assertTrue(login.isReady());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks until the answer has {@code status} (bounded: a hang guard) and returns that answer. */
    private static HttpResponse<String> awaitStatus(URI uri, int status) throws Exception {
        long deadline = System.nanoTime() + CHANGE_BOUND_NANOS;
        HttpResponse<String> response = get(uri);
        while (response.statusCode() != status && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            response = get(uri);
        }
        assertEquals(status, response.statusCode(), response.body());
        return response;
    }
}

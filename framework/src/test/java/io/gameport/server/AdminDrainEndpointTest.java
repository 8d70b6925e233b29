package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gameport.client.GameClient;
import io.gameport.metrics.AdminEndpoint;
import io.gameport.metrics.AdminToken;
import io.gameport.metrics.DrainControl;
import io.gameport.metrics.HealthChecks;
import io.gameport.metrics.OpsHttpServer;
import io.gameport.protocol.messages.DisconnectNotice;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.testing.ServerFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /admin/drain} over real HTTP: absent without a token, refused without the right one,
 * and with it the same drain as a SIGTERM: not ready, clients noticed, new connections refused,
 * the players there served until the deadline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminDrainEndpointTest {

    private static final String TOKEN = "test-admin-token-0123456789";
    private static final Duration RECONNECT_AFTER = Duration.ofMillis(1500);
    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(7);
    private static final Duration MAX_DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Drains {@code server} the way the sample's commands do, once: what the endpoint triggers. */
    private static final class OneDrain implements DrainControl {
        private final GameServer server;
        private final AtomicReference<Duration> deadline = new AtomicReference<>();
        private volatile CompletableFuture<Boolean> drained;

        OneDrain(GameServer server) {
            this.server = server;
        }

        @Override
        public synchronized Answer drain(Duration requested) {
            if (deadline.get() != null) {
                return new Answer(false, deadline.get());
            }
            deadline.set(requested == null ? DEFAULT_DEADLINE : requested);
            drained = server.drain(deadline.get(), RECONNECT_AFTER);
            return new Answer(true, deadline.get());
        }
    }

    private static ServerFixture answeringServer() throws Exception {
        return new ServerFixture(on -> on.request(CreateMatchRequest.class,
                (session, request) -> CreateMatchResponse.getDefaultInstance()));
    }

    private static OpsHttpServer ops(InetSocketAddress bind, HealthChecks health, AdminEndpoint admin) throws IOException {
        return OpsHttpServer.start(bind, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health, admin);
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Test
    void withoutATokenTheAdminEndpointsDoNotExist() throws Exception {
        try (ServerFixture fixture = answeringServer();
             OpsHttpServer http = ops(loopback(), new HealthChecks().ready("game", fixture.server::notReadyReason), null)) {
            HttpResponse<String> response = post(http, "/admin/drain", TOKEN);
            assertEquals(404, response.statusCode(), response.body());
            assertEquals(404, post(http, "/admin/drain", null).statusCode());
            assertTrue(fixture.server.isReady(), "nothing was drained");
        }
    }

    @Test
    void aMissingOrWrongTokenIsRefusedWith401AndDrainsNothing() throws Exception {
        try (ServerFixture fixture = answeringServer()) {
            AdminEndpoint admin = new AdminEndpoint(AdminToken.of(TOKEN), null, MAX_DEADLINE)
                    .drainWith(new OneDrain(fixture.server));
            try (OpsHttpServer http = ops(loopback(), new HealthChecks(), admin)) {
                for (String presented : new String[] {null, "", "test-admin-token-012345678", TOKEN + "x", TOKEN.toUpperCase()}) {
                    HttpResponse<String> response = post(http, "/admin/drain", presented);
                    assertEquals(401, response.statusCode(), "token " + presented + ": " + response.body());
                    assertEquals("Bearer realm=\"gameport-admin\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
                }
                // The right token in another scheme is no bearer token.
                HttpResponse<String> basic = HTTP.send(HttpRequest.newBuilder(uri(http, "/admin/drain"))
                        .header("Authorization", "Basic " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, basic.statusCode());
                assertEquals(6, admin.refused());
                assertTrue(fixture.server.isReady(), "nothing was drained");
            }
        }
    }

    @Test
    void theRightTokenDrainsLikeSigtermAndAskingAgainAnswers200() throws Exception {
        try (ServerFixture fixture = answeringServer()) {
            AtomicReference<DisconnectNotice> notice = new AtomicReference<>();
            GameClient client = fixture.client(on -> on.on(DisconnectNotice.class, notice::set));
            ServerFixture.await(() -> fixture.server.sessions().size() == 1);
            OneDrain drain = new OneDrain(fixture.server);
            AdminEndpoint admin = new AdminEndpoint(AdminToken.of(TOKEN), null, MAX_DEADLINE).drainWith(drain);
            HealthChecks health = new HealthChecks().ready("game", fixture.server::notReadyReason);
            try (OpsHttpServer http = ops(loopback(), health, admin)) {
                assertEquals(200, get(http, "/health/ready").statusCode());
                assertEquals(405, get(http, "/admin/drain", TOKEN).statusCode(), "GET does not drain");
                assertEquals(400, post(http, "/admin/drain?deadline_s=61", TOKEN).statusCode(), "beyond the maximum");
                assertEquals(400, post(http, "/admin/drain?deadline_s=-1", TOKEN).statusCode());
                assertEquals(400, post(http, "/admin/drain?deadline_s=soon", TOKEN).statusCode());
                assertEquals(400, post(http, "/admin/drain?deadline=5", TOKEN).statusCode(), "unknown parameter");
                assertEquals(404, post(http, "/admin/restart", TOKEN).statusCode());
                assertTrue(fixture.server.isReady(), "no refused request drained anything");

                HttpResponse<String> started = post(http, "/admin/drain?deadline_s=30", TOKEN);
                assertEquals(202, started.statusCode(), started.body());
                JsonObject answer = JsonParser.parseString(started.body()).getAsJsonObject();
                assertEquals("draining", answer.get("status").getAsString());
                assertTrue(answer.get("started").getAsBoolean());
                assertEquals(30, answer.get("deadline_s").getAsLong());

                HttpResponse<String> ready = get(http, "/health/ready");
                assertEquals(503, ready.statusCode());
                JsonObject down = JsonParser.parseString(ready.body()).getAsJsonObject();
                assertEquals("game", down.getAsJsonArray("failing").get(0).getAsString());
                assertEquals("draining", down.getAsJsonObject("reasons").get("game").getAsString());
                assertEquals(200, get(http, "/health/live").statusCode());

                ServerFixture.await(() -> notice.get() != null);
                assertNotNull(notice.get(), "the connected client was told about the drain");
                assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, notice.get().getCode());
                assertEquals(30_000, notice.get().getClosesInMs(), "the deadline asked for over HTTP");
                assertEquals(RECONNECT_AFTER.toMillis(), notice.get().getReconnectAfterMs());
                assertTrue(connectIsRefused(fixture.port()), "the listener is closed");
                // The player it has is still served during the drain.
                client.request(CreateMatchRequest.getDefaultInstance(), CreateMatchResponse.class, Duration.ofSeconds(5))
                        .get(5, TimeUnit.SECONDS);

                HttpResponse<String> again = post(http, "/admin/drain", TOKEN);
                assertEquals(200, again.statusCode(), "a second drain request is harmless: " + again.body());
                JsonObject underWay = JsonParser.parseString(again.body()).getAsJsonObject();
                assertFalse(underWay.get("started").getAsBoolean());
                assertEquals(30, underWay.get("deadline_s").getAsLong(), "the drain under way keeps its deadline");

                client.close();
                assertTrue(drain.drained.get(20, TimeUnit.SECONDS), "the drain ends once its last player left");
            }
        }
    }

    @Test
    void withoutADeadlineTheProcessDefaultIsUsed() throws Exception {
        try (ServerFixture fixture = answeringServer()) {
            AdminEndpoint admin = new AdminEndpoint(AdminToken.of(TOKEN), null, MAX_DEADLINE)
                    .drainWith(new OneDrain(fixture.server));
            try (OpsHttpServer http = ops(loopback(), new HealthChecks(), admin)) {
                HttpResponse<String> started = post(http, "/admin/drain", TOKEN);
                assertEquals(202, started.statusCode());
                assertEquals(DEFAULT_DEADLINE.toSeconds(),
                        JsonParser.parseString(started.body()).getAsJsonObject().get("deadline_s").getAsLong());
            }
        }
    }

    @Test
    void theDeadlineMayComeInAJsonBodyInsteadOfTheQuery() throws Exception {
        try (ServerFixture fixture = answeringServer()) {
            AdminEndpoint admin = new AdminEndpoint(AdminToken.of(TOKEN), null, MAX_DEADLINE)
                    .drainWith(new OneDrain(fixture.server));
            try (OpsHttpServer http = ops(loopback(), new HealthChecks(), admin)) {
                assertEquals(400, post(http, "/admin/drain?deadline_s=3", TOKEN, "{\"deadline_s\":4}").statusCode(), "both");
                assertEquals(400, post(http, "/admin/drain", TOKEN, "deadline_s=4").statusCode(), "not JSON");
                assertEquals(400, post(http, "/admin/drain", TOKEN, "{\"deadline_s\":\"4\"}").statusCode(), "not a number");
                assertEquals(400, post(http, "/admin/drain", TOKEN, "{\"deadline_s\":4.5}").statusCode(), "not whole seconds");
                assertEquals(400, post(http, "/admin/drain", TOKEN, "{\"deadline_s\":61}").statusCode(), "beyond the maximum");
                assertEquals(400, post(http, "/admin/drain", TOKEN, "{\"deadline\":4}").statusCode(), "unknown field");
                assertEquals(413, post(http, "/admin/drain", TOKEN, "{\"deadline_s\":4" + " ".repeat(2000) + "}").statusCode());
                assertTrue(fixture.server.isReady(), "no refused request drained anything");
                HttpResponse<String> started = post(http, "/admin/drain", TOKEN, "{\"deadline_s\":12}");
                assertEquals(202, started.statusCode(), started.body());
                assertEquals(12, JsonParser.parseString(started.body()).getAsJsonObject().get("deadline_s").getAsLong());
            }
        }
    }

    @Test
    void beforeTheServerIsThereADrainRequestAnswers503() throws Exception {
        try (OpsHttpServer http = ops(loopback(), new HealthChecks(),
                new AdminEndpoint(AdminToken.of(TOKEN), null, MAX_DEADLINE))) {
            assertEquals(503, post(http, "/admin/drain", TOKEN).statusCode());
        }
    }

    @Test
    void onAPortBoundToEveryAddressAdminAnswersOnlyOnLoopback() throws Exception {
        InetAddress external = nonLoopbackAddress();
        try (ServerFixture fixture = answeringServer()) {
            AdminEndpoint admin = new AdminEndpoint(AdminToken.of(TOKEN), null, MAX_DEADLINE)
                    .drainWith(new OneDrain(fixture.server));
            try (OpsHttpServer http = ops(new InetSocketAddress("0.0.0.0", 0), new HealthChecks(), admin)) {
                URI outside = URI.create("http://" + external.getHostAddress() + ":" + http.address().getPort() + "/admin/drain");
                HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(outside).header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(404, refused.statusCode(), "admin is not there for a request to " + external);
                assertEquals(200, HTTP.send(HttpRequest.newBuilder(outside.resolve("/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), "the rest of the port is");
                assertTrue(fixture.server.isReady());
                assertEquals(202, post(http, "/admin/drain", TOKEN).statusCode(), "on loopback it answers");
            }
        }
    }

    @Test
    void anAdminThatCouldNeverAnswerOnTheOpsAddressIsRefusedAtStart() throws Exception {
        InetAddress external = nonLoopbackAddress();
        AdminEndpoint loopbackOnly = new AdminEndpoint(AdminToken.of(TOKEN), null, MAX_DEADLINE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops(new InetSocketAddress(external, 0), new HealthChecks(), loopbackOnly));
        assertTrue(e.getMessage().contains("never answer"), e.getMessage());
        AdminEndpoint thatAddress = new AdminEndpoint(AdminToken.of(TOKEN), external, MAX_DEADLINE);
        try (OpsHttpServer http = ops(new InetSocketAddress(external, 0), new HealthChecks(), thatAddress)) {
            assertEquals(503, HTTP.send(HttpRequest.newBuilder(URI.create("http://" + external.getHostAddress() + ":"
                    + http.address().getPort() + "/admin/drain")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "admitted where it was told to be (503: nothing to drain here)");
        }
    }

    @Test
    void tokensShorterThanTheMinimumOrWithSpacesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AdminToken.of("short"));
        assertThrows(IllegalArgumentException.class, () -> AdminToken.of(null));
        assertThrows(IllegalArgumentException.class, () -> AdminToken.of("a token with spaces in it"));
        assertTrue(AdminToken.of(TOKEN + "\n").admits("bearer " + TOKEN), "a file's newline is not part of it; the scheme is any case");
    }

    /** An IPv4 address of this machine that is not loopback; skips the test on a machine with none. */
    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address;
                }
            }
        }
        Assumptions.abort("this machine has no non-loopback IPv4 address to send a request to");
        throw new AssertionError("unreachable");
    }

    private static URI uri(OpsHttpServer http, String path) {
        return URI.create("http://127.0.0.1:" + http.address().getPort() + path);
    }

    private static HttpResponse<String> post(OpsHttpServer http, String path, String token) throws Exception {
        return post(http, path, token, null);
    }

    private static HttpResponse<String> post(OpsHttpServer http, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(http, path)).POST(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(OpsHttpServer http, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(http, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(OpsHttpServer http, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(http, path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The listener's close is asynchronous: tries (bounded) until a connect is refused. */
    private static boolean connectIsRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                // A timeout or reset: not the refusal yet.
            }
            Thread.sleep(20);
        }
        return false;
    }
}

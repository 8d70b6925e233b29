package io.gameport.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gameport.metrics.PrometheusText;
import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-port}: a login and a room server in one process report into one scrape, each under its own name. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SampleMetricsTest {

    private static final byte[] SECRET = "metrics-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void loginAndRoomServersReportUnderTheirOwnNamesOnOneMetricsPort() throws Exception {
        PrometheusText.assumeToolsPresent();
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (SampleMetrics metrics = MetricsOptions.request(0, null, "demo").open();
             RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                     RoomSettings.defaults(), SECRET), null, metrics.module("room"));
             LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                     AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                     1, 16, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", rooms.port()), null, metrics.module("login"))) {
            connectAndClose(login.port(), 2);
            connectAndClose(rooms.port(), 3);
            URI uri = URI.create(metrics.note().substring(metrics.note().indexOf("http://")));
            // The servers count a connection when their worker adopts it, which may trail the client's connect.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<PrometheusText.Sample> samples;
            do {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                PrometheusText.assertPromtoolAccepts(response.body());
                samples = PrometheusText.parse(response.body());
            } while ((opened(samples, "login") < 2 || opened(samples, "room") < 3) && System.nanoTime() - deadline < 0);
            assertEquals(2, opened(samples, "login"));
            assertEquals(3, opened(samples, "room"));
            metrics.ready("login", login::notReadyReason);
            metrics.ready("room", rooms::notReadyReason);
            URI ready = uri.resolve("/health/ready");
            assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(ready).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            rooms.drain(java.time.Duration.ofSeconds(1));
            HttpResponse<String> notReady = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ready).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, notReady.statusCode());
            assertEquals("{\"status\":\"down\",\"failing\":[\"room\"],\"reasons\":{\"room\":\"draining\"}}\n", notReady.body());
        }
    }

    @Test
    void metricsOptionsAreCheckedAndOffByDefault() throws Exception {
        assertEquals("metrics off", MetricsOptions.request(null, null, "room-server").open().note());
        UsageException bindAlone = assertThrows(UsageException.class, () -> MetricsOptions.request(null, "0.0.0.0", "room-server"));
        assertEquals("room-server: --metrics-bind needs --metrics-port", bindAlone.getMessage());
        assertThrows(UsageException.class, () -> MetricsOptions.request(65536, null, "room-server"));
    }

    private static double opened(List<PrometheusText.Sample> samples, String server) {
        return PrometheusText.value(samples, "gameport_connections_opened_total", Map.of("server", server));
    }

    private static void connectAndClose(int port, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().flush();
            }
        }
    }
}

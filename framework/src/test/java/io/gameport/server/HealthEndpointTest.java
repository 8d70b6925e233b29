package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.metrics.HealthChecks;
import io.gameport.metrics.OpsHttpServer;
import io.gameport.testing.ServerFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /health/live and /health/ready over real HTTP: 200 while a server takes players, 503 naming it once it drains. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthEndpointTest {

    @Test
    void readinessTurns503WhenTheServerDrainsWhileLivenessStays200() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> { })) {
            HealthChecks health = new HealthChecks().ready("game", fixture.server::notReadyReason);
            try (OpsHttpServer http = OpsHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health)) {
                String base = "http://127.0.0.1:" + http.address().getPort();
                assertAnswer(base + "/health/ready", 200, "{\"status\":\"up\"}\n");
                assertAnswer(base + "/health/live", 200, "{\"status\":\"up\"}\n");
                fixture.server.drain(Duration.ofSeconds(1), Duration.ZERO);
                assertAnswer(base + "/health/ready", 503, "{\"status\":\"down\",\"failing\":[\"game\"],\"reasons\":{\"game\":\"draining\"}}\n");
                assertAnswer(base + "/health/live", 200, "{\"status\":\"up\"}\n");
            }
        }
    }

    private static void assertAnswer(String url, int status, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), url);
        assertEquals(body, response.body(), url);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), url);
    }
}

package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.handler.HandlerSettings;
import io.gameport.metrics.MetricsModule;
import io.gameport.metrics.MetricsSettings;
import io.gameport.metrics.OpsHttpServer;
import io.gameport.metrics.PrometheusText;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Prometheus scrape over real HTTP, checked by promtool and parsed by Prometheus's own client parser. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsScrapeTest {

    private static final int CLIENTS = 4;

    @Test
    void scrapedMetricsPassPromtoolAndCountTheClientsThatConnected() throws Exception {
        PrometheusText.assumeToolsPresent();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GameServerSettings settings = ServerFixture.settings()
                .withHandlers(HandlerSettings.defaults().withMessageTypeMeters(true));
        try (ServerFixture fixture = new ServerFixture(on -> { }, settings,
                new MetricsModule(registry, new MetricsSettings("scraped")));
             OpsHttpServer http = OpsHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry)) {
            List<FrameClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                FrameClient client = fixture.raw();
                clients.add(client);
                client.write(Ping.newBuilder().setNonce(i).build(), 1);
                client.flush();
                assertInstanceOf(Pong.class, client.read().message());
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.address().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            PrometheusText.assertPromtoolAccepts(response.body());

            List<PrometheusText.Sample> samples = PrometheusText.parse(response.body());
            Map<String, String> server = Map.of("server", "scraped");
            assertEquals(CLIENTS, PrometheusText.value(samples, "gameport_connections_opened_total", server));
            assertEquals(CLIENTS, PrometheusText.value(samples, "gameport_io_frames_received_total", server));
            assertEquals(CLIENTS, PrometheusText.value(samples, "gameport_sessions",
                    Map.of("server", "scraped", "state", "connected")));
            assertEquals(1, PrometheusText.value(samples, "gameport_transport_info",
                    Map.of("server", "scraped", "backend", fixture.server.backendName())));
            Map<String, String> ping = Map.of("server", "scraped", "type", "gameport.Ping");
            assertEquals(CLIENTS, PrometheusText.value(samples, "gameport_dispatch_messages_received_total", ping));
            assertEquals(CLIENTS, PrometheusText.value(samples, "gameport_dispatch_handler_duration_seconds_count", ping));
            assertEquals(CLIENTS, PrometheusText.value(samples, "gameport_dispatch_handler_duration_seconds_bucket",
                    Map.of("server", "scraped", "type", "gameport.Ping", "le", "+Inf")));
            assertEquals(14, samples.stream()
                    .filter(s -> s.name().equals("gameport_dispatch_handler_duration_seconds_bucket")
                            && s.labels().entrySet().containsAll(ping.entrySet())).count(), "the thirteen bounds, 1 µs to 1 s, and +Inf");
            for (FrameClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (OpsHttpServer http = OpsHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.address().getPort() + "/metricsx")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode());
        }
    }
}

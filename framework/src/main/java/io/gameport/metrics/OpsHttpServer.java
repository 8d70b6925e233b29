package io.gameport.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port operators scrape and orchestrators probe: {@code GET /metrics} answers the
 * registry's meters in Prometheus text format (version 0.0.4); {@code GET /health/live} and
 * {@code GET /health/ready} answer 200 or 503 with a short JSON body from {@link HealthChecks}. Served by the JDK's HTTP server on one daemon thread of
 * its own, away from the I/O workers and shards; a scrape reads the counters they keep and
 * touches nothing of theirs. Bind it to loopback unless the scraper is elsewhere.
 */
public final class OpsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
    /** The exposition format's content type (Prometheus text format 0.0.4). */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer http;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final HealthChecks health;
    private boolean closed;

    private OpsHttpServer(HttpServer http, ExecutorService executor, PrometheusMeterRegistry registry, HealthChecks health) {
        this.http = http;
        this.executor = executor;
        this.registry = registry;
        this.health = health;
    }

    /**
     * Starts serving {@code registry} on {@code bind} (port 0: any free port, see {@link #address}).
     *
     * @throws IOException the address cannot be bound (in use, not local), with the address in the message
     */
    public static OpsHttpServer start(InetSocketAddress bind, PrometheusMeterRegistry registry) throws IOException {
        return start(bind, registry, new HealthChecks());
    }

    /** As above, also answering {@code /health/live} and {@code /health/ready} from {@code health}. */
    public static OpsHttpServer start(InetSocketAddress bind, PrometheusMeterRegistry registry, HealthChecks health)
            throws IOException {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(registry, "registry");
        HttpServer http;
        try {
            http = HttpServer.create(bind, 0);
        } catch (IOException e) {
            throw new IOException("metrics HTTP server cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "gameport-ops-http");
            thread.setDaemon(true);
            return thread;
        });
        OpsHttpServer server = new OpsHttpServer(http, executor, registry, health);
        http.createContext("/", server::handle);
        http.setExecutor(executor);
        http.start();
        LOG.info("metrics served on http://{}:{}/metrics", http.getAddress().getHostString(), http.getAddress().getPort());
        return server;
    }

    /** The address it listens on (the actual port when started on port 0). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean known = path.equals("/metrics") || path.equals("/health/live") || path.equals("/health/ready");
            if (!known) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found: " + path
                        + " (try /metrics, /health/live, /health/ready)\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "text/plain; charset=utf-8", path + " answers GET only\n");
            } else if (path.equals("/metrics")) {
                respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
            } else {
                health(exchange, path.equals("/health/live") ? health.failingLive() : health.failingReady());
            }
        } catch (RuntimeException e) {
            LOG.error("metrics HTTP request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            throw e;
        }
    }

    /** 200 {"status":"up"} or 503 {"status":"down","failing":[names]}. */
    private static void health(HttpExchange exchange, java.util.List<String> failing) throws IOException {
        if (failing.isEmpty()) {
            respond(exchange, 200, JSON, "{\"status\":\"up\"}\n");
            return;
        }
        StringBuilder body = new StringBuilder("{\"status\":\"down\",\"failing\":[");
        for (int i = 0; i < failing.size(); i++) {
            body.append(i == 0 ? "\"" : ",\"").append(failing.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        respond(exchange, 503, JSON, body.append("]}\n").toString());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening and ends its thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        executor.shutdownNow();
    }
}

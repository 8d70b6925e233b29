package io.gameport.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port operators scrape and orchestrators probe: {@code GET /metrics} answers the
 * registry's meters in Prometheus text format (version 0.0.4); {@code GET /health/live} and
 * {@code GET /health/ready} answer 200 or 503 with a short JSON body from {@link HealthChecks};
 * with an {@link AdminEndpoint} (a token configured) {@code POST /admin/drain} starts a drain,
 * admitted on loopback addresses only unless told otherwise; without one everything under
 * {@code /admin/} is 404. Served by the JDK's HTTP server on one daemon thread of
 * its own, away from the I/O workers and shards; a scrape reads the counters they keep and
 * touches nothing of theirs. Bind it to loopback unless the scraper is elsewhere.
 */
public final class OpsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
    /** The exposition format's content type (Prometheus text format 0.0.4). */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";
    private static final String ADMIN_PREFIX = "/admin/";
    /** How long {@link #close} lets an answer being written (a drain's 202, say) finish, in seconds. */
    private static final int CLOSE_GRACE_S = 1;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final HttpServer http;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final HealthChecks health;
    private final AdminEndpoint admin;
    private boolean closed;

    private OpsHttpServer(HttpServer http, ExecutorService executor, PrometheusMeterRegistry registry, HealthChecks health,
            AdminEndpoint admin) {
        this.http = http;
        this.executor = executor;
        this.registry = registry;
        this.health = health;
        this.admin = admin;
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
        return start(bind, registry, health, null);
    }

    /**
     * As above, also serving {@code admin}'s endpoints under {@code /admin/} (null: none, 404).
     *
     * @throws IllegalArgumentException {@code admin} could never admit a request on {@code bind}
     *                                  (say the port listens on one public address and admin is loopback only)
     */
    public static OpsHttpServer start(InetSocketAddress bind, PrometheusMeterRegistry registry, HealthChecks health,
            AdminEndpoint admin) throws IOException {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(registry, "registry");
        if (admin != null) {
            admin.checkReachableOn(bind);
        }
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
        OpsHttpServer server = new OpsHttpServer(http, executor, registry, health, admin);
        http.createContext("/", server::handle);
        http.setExecutor(executor);
        http.start();
        LOG.info("metrics served on http://{}:{}/metrics (admin endpoints {})", http.getAddress().getHostString(),
                http.getAddress().getPort(), admin == null ? "off: no token" : "on");
        return server;
    }

    /** The address it listens on (the actual port when started on port 0). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith(ADMIN_PREFIX)) {
                if (admin == null) {
                    respondJson(exchange, 404, Map.of("error", "not found: " + path + " (no admin token is configured)"));
                } else {
                    admin.handle(exchange, path);
                }
                return;
            }
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

    /** 200 {"status":"up"} or 503 {"status":"down","failing":[names],"reasons":{name:reason}}. */
    private static void health(HttpExchange exchange, List<HealthChecks.Failure> failing) throws IOException {
        if (failing.isEmpty()) {
            respondJson(exchange, 200, Map.of("status", "up"));
            return;
        }
        List<String> names = new ArrayList<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (HealthChecks.Failure failure : failing) {
            names.add(failure.check());
            reasons.put(failure.check(), failure.reason());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "down");
        body.put("failing", names);
        body.put("reasons", reasons);
        respondJson(exchange, 503, body);
    }

    /** {@code body} as one line of JSON and a newline. */
    static void respondJson(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        respond(exchange, status, JSON, GSON.toJson(body) + "\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening and ends its thread, letting an answer being written finish first (bounded). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(CLOSE_GRACE_S);
        executor.shutdownNow();
    }
}

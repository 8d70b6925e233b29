package io.gameport.metrics;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoints of the ops HTTP port, {@code POST /admin/drain[?deadline_s=N]} (or a JSON
 * body {@code {"deadline_s":N}}), served only
 * when a token is configured (an {@link OpsHttpServer} without one answers 404 under
 * {@code /admin/}). A request is admitted only when it arrived on an admin address: by default any
 * loopback address, so the port may be bound wider for scrapers while the admin stays reachable
 * from the machine itself only, exactly as if it had a loopback listener of its own; an operator
 * who wants it elsewhere names the address ({@code adminBind}, a wildcard for every address).
 * <p>Answers, in this order: 404 (not an admin address: to such a caller the endpoints do not
 * exist), 401 (no {@code Authorization: Bearer} or not the token; counted, see {@link #refused}),
 * 404 (no such admin endpoint), 405 (not POST), 413 (a body over {@value #MAX_BODY_BYTES} bytes),
 * 400 (bad {@code deadline_s}, a body that is not that JSON), 503 (no server to
 * drain yet), 202 (this request started the drain) or 200 (a drain was already under way,
 * whoever started it: asking twice is harmless), each with a short JSON body.
 */
public final class AdminEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoint.class);
    public static final String DRAIN_PATH = "/admin/drain";
    private static final String DEADLINE_PARAMETER = "deadline_s";
    /** A drain request's body is {"deadline_s":N} at most; anything longer is refused unread. */
    static final int MAX_BODY_BYTES = 1024;

    private final AdminToken token;
    private final InetAddress bind;
    private final Duration maxDeadline;
    private final AtomicReference<DrainControl> drain = new AtomicReference<>();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param bind        the one local address admin requests are admitted on, a wildcard for all of
     *                    them, or null for any loopback address (the default)
     * @param maxDeadline the longest {@code deadline_s} a caller may ask for
     */
    public AdminEndpoint(AdminToken token, InetAddress bind, Duration maxDeadline) {
        this.token = Objects.requireNonNull(token, "token");
        this.bind = bind;
        this.maxDeadline = Objects.requireNonNull(maxDeadline, "maxDeadline");
    }

    /** What {@code POST /admin/drain} starts; until it is set the endpoint answers 503. */
    public AdminEndpoint drainWith(DrainControl control) {
        drain.set(Objects.requireNonNull(control, "control"));
        return this;
    }

    /** Requests refused for a missing or wrong token. */
    public long refused() {
        return refused.get();
    }

    /**
     * Fails when no request to {@code opsBind} could ever be admitted (the port listens on one
     * address and it is not an admin address), so a mistake shows at start, not during an outage.
     */
    public void checkReachableOn(InetSocketAddress opsBind) {
        InetAddress listening = opsBind.getAddress();
        if (listening == null || listening.isAnyLocalAddress() || admits(listening)
                || (bind != null && bind.isAnyLocalAddress())) {
            return;
        }
        throw new IllegalArgumentException("the admin endpoints would never answer: the ops port listens on "
                + listening.getHostAddress() + " only, and admin requests are admitted on "
                + (bind == null ? "loopback addresses" : bind.getHostAddress()) + " only");
    }

    boolean admits(InetAddress local) {
        if (bind == null) {
            return local.isLoopbackAddress();
        }
        return bind.isAnyLocalAddress() || bind.equals(local);
    }

    void handle(HttpExchange exchange, String path) throws IOException {
        if (!admits(exchange.getLocalAddress().getAddress())) {
            OpsHttpServer.respondJson(exchange, 404, Map.of("error", "not found: " + path));
            return;
        }
        if (!token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
            long count = refused.incrementAndGet();
            // Logged at 1, 2, 4, 8, ... refusals: named and counted, and a flood cannot flood the log.
            if (Long.bitCount(count) == 1) {
                LOG.warn("admin request {} {} from {} refused: missing or wrong bearer token ({} refused so far)",
                        exchange.getRequestMethod(), path, exchange.getRemoteAddress(), count);
            }
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"gameport-admin\"");
            OpsHttpServer.respondJson(exchange, 401, Map.of("error", "an admin token is required: Authorization: Bearer TOKEN"));
            return;
        }
        if (!path.equals(DRAIN_PATH)) {
            OpsHttpServer.respondJson(exchange, 404, Map.of("error", "no admin endpoint " + path + " (there is " + DRAIN_PATH + ")"));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            OpsHttpServer.respondJson(exchange, 405, Map.of("error", DRAIN_PATH + " answers POST only"));
            return;
        }
        byte[] request = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (request.length > MAX_BODY_BYTES) {
            OpsHttpServer.respondJson(exchange, 413, Map.of("error", "the body is at most " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        Duration deadline;
        try {
            Duration fromQuery = deadline(exchange.getRequestURI().getRawQuery());
            Duration fromBody = deadline(request);
            if (fromQuery != null && fromBody != null) {
                throw new IllegalArgumentException(DEADLINE_PARAMETER + " given in both the query and the body");
            }
            deadline = fromQuery != null ? fromQuery : fromBody;
        } catch (IllegalArgumentException e) {
            OpsHttpServer.respondJson(exchange, 400, Map.of("error", e.getMessage()));
            return;
        }
        DrainControl control = drain.get();
        if (control == null) {
            OpsHttpServer.respondJson(exchange, 503, Map.of("error", "no server to drain yet (still starting)"));
            return;
        }
        DrainControl.Answer answer = control.drain(deadline);
        LOG.info("admin request from {}: drain {} (deadline {} s)", exchange.getRemoteAddress(),
                answer.started() ? "started" : "already under way", answer.deadline().toSeconds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "draining");
        body.put("started", answer.started());
        body.put("deadline_s", answer.deadline().toSeconds());
        OpsHttpServer.respondJson(exchange, answer.started() ? 202 : 200, body);
    }

    /** {@code {"deadline_s": N}} from a JSON body, or null when the body is empty. */
    private Duration deadline(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return null;
        }
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException("the body must be a JSON object such as {\"" + DEADLINE_PARAMETER + "\":30}");
            }
            object = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the body is not JSON (it may be empty, or {\"" + DEADLINE_PARAMETER + "\":30})");
        }
        Duration deadline = null;
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            if (!member.getKey().equals(DEADLINE_PARAMETER)) {
                throw new IllegalArgumentException("unknown field " + truncate(member.getKey()) + " (there is " + DEADLINE_PARAMETER + ")");
            }
            JsonElement value = member.getValue();
            String shown = truncate(value.toString());
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
                throw deadlineRange(shown);
            }
            deadline = seconds(value.getAsJsonPrimitive().getAsString(), shown);
        }
        return deadline;
    }

    /** {@code deadline_s=N} (whole seconds, 0 to the maximum) from the query, or null when absent. */
    private Duration deadline(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        Duration deadline = null;
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!name.equals(DEADLINE_PARAMETER)) {
                throw new IllegalArgumentException("unknown parameter " + truncate(name) + " (there is " + DEADLINE_PARAMETER + ")");
            }
            if (deadline != null) {
                throw new IllegalArgumentException(DEADLINE_PARAMETER + " given twice");
            }
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            deadline = seconds(value, truncate(value));
        }
        return deadline;
    }

    /** Whole seconds from 0 to the maximum, or a 400 naming {@code shown}. */
    private Duration seconds(String value, String shown) {
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw deadlineRange(shown);
        }
        if (seconds < 0 || seconds > maxDeadline.toSeconds()) {
            throw deadlineRange(shown);
        }
        return Duration.ofSeconds(seconds);
    }

    private IllegalArgumentException deadlineRange(String shown) {
        return new IllegalArgumentException(DEADLINE_PARAMETER + " must be whole seconds from 0 to "
                + maxDeadline.toSeconds() + ", was " + shown);
    }

    private static String truncate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}

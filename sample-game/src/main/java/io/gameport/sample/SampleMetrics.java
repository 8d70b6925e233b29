package io.gameport.sample;

import io.gameport.metrics.AdminEndpoint;
import io.gameport.metrics.DrainControl;
import io.gameport.metrics.HealthChecks;
import io.gameport.metrics.MetricsModule;
import io.gameport.metrics.MetricsSettings;
import io.gameport.metrics.OpsHttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * {@code --metrics-port P [--metrics-bind ADDR]}: the servers a command starts report into one
 * Prometheus registry served on {@code http://ADDR:P/metrics} (loopback unless told otherwise; the
 * options are {@link MetricsOptions}),
 * with {@code /health/live} and {@code /health/ready} on the same port, and {@code POST /admin/drain}
 * when the command configured an admin token ({@link AdminOptions});
 * without {@code --metrics-port} each server keeps a no-op registry and no port is opened.
 */
public final class SampleMetrics implements AutoCloseable {

    /** Metrics off: no registry, no port. */
    public static final SampleMetrics OFF = new SampleMetrics(null, null, new HealthChecks(), null);

    private final PrometheusMeterRegistry registry;
    private final OpsHttpServer http;
    private final HealthChecks health;
    private final AdminEndpoint admin;

    private SampleMetrics(PrometheusMeterRegistry registry, OpsHttpServer http, HealthChecks health, AdminEndpoint admin) {
        this.registry = registry;
        this.http = http;
        this.health = health;
        this.admin = admin;
    }

    /**
     * The metrics options checked, nothing opened yet: commands check them with their other options
     * and open the port only once everything else is valid.
     *
     * @param address where to serve, or null when metrics are off
     */
    public record Request(InetSocketAddress address, AdminEndpoint admin) {

        /** Metrics at {@code address} (null: off), no admin endpoints. */
        public Request(InetSocketAddress address) {
            this(address, null);
        }

        /** The same port also serving {@code admin}'s endpoints ({@link AdminOptions}). */
        public Request withAdmin(AdminEndpoint endpoint) {
            return new Request(address, endpoint);
        }

        /** Opens the metrics port when one was asked for; {@link #OFF} otherwise. */
        public SampleMetrics open() throws IOException {
            return address == null ? OFF : serve(address, admin);
        }
    }

    private static SampleMetrics serve(InetSocketAddress address, AdminEndpoint admin) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HealthChecks health = new HealthChecks();
        try {
            return new SampleMetrics(registry, OpsHttpServer.start(address, registry, health, admin), health, admin);
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** The wiring that has a server named {@code server} (login, room, echo) report here. */
    public MetricsModule module(String server) {
        return registry == null ? new MetricsModule() : new MetricsModule(registry, new MetricsSettings(server));
    }

    /** Starts a server of a command reporting here; should it fail to start, the metrics port is closed too. */
    public <T> T start(String server, ServerStart<T> start) throws Exception {
        try {
            return start.start(module(server));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** A server's start from the wiring that has it report its meters. */
    @FunctionalInterface
    public interface ServerStart<T> {
        T start(MetricsModule metrics) throws Exception;
    }

    /** Has {@code /health/ready} answer 503 naming {@code server} while {@code ready} is false. */
    public void ready(String server, java.util.function.BooleanSupplier ready) {
        health.ready(server, ready);
    }

    /** Has {@code /health/ready} answer 503 naming {@code check}, with its reason, while {@code check} fails. */
    public void ready(String check, io.gameport.metrics.HealthCheck ready) {
        health.ready(check, ready);
    }

    /** Whether the metrics port is open (so its health checks are asked). */
    public boolean serving() {
        return http != null;
    }

    /** What {@code POST /admin/drain} starts, when the admin endpoints are on (a token configured); otherwise nothing. */
    public void drainWith(DrainControl control) {
        if (admin != null) {
            admin.drainWith(control);
        }
    }

    /** The registry the servers report into, or null when metrics are off. */
    public MeterRegistry registry() {
        return registry;
    }

    /** One phrase for a command's start-up line. */
    public String note() {
        return http == null ? "metrics off" : "metrics on http://" + http.address().getHostString() + ":"
                + http.address().getPort() + "/metrics" + (admin == null ? "" : ", POST /admin/drain on");
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
            registry.close();
        }
    }
}

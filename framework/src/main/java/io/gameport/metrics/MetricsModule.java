package io.gameport.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds the {@link MeterRegistry} a server records into and its {@link MetricsSettings}. By default
 * the registry is Micrometer's global composite ({@link Metrics#globalRegistry}): with no registry
 * added to it, its meters are no-ops and a scrape-less server pays nothing; adding one (as the
 * sample's {@code --metrics-port} adds a Prometheus registry) makes every server in the process
 * report into it. Give a registry of your own to keep a server's meters apart.
 */
public final class MetricsModule extends AbstractModule {
    private final MeterRegistry registry;
    private final MetricsSettings settings;

    public MetricsModule() {
        this(Metrics.globalRegistry, MetricsSettings.defaults());
    }

    public MetricsModule(MeterRegistry registry, MetricsSettings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Provides
    @Singleton
    MeterRegistry meterRegistry() {
        return registry;
    }

    @Provides
    @Singleton
    MetricsSettings metricsSettings() {
        return settings;
    }
}

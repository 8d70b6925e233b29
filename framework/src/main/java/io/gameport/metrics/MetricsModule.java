package io.gameport.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds the {@link MeterRegistry} a server records into and its {@link MetricsSettings}. By default
 * each server gets an empty composite registry of its own: its meters are no-ops, a server nobody
 * scrapes pays nothing, and servers in one process never share series. Give a registry (a
 * {@code PrometheusMeterRegistry} served by {@link OpsHttpServer}, or Micrometer's
 * {@code Metrics.globalRegistry}) to read them; servers sharing one need distinct
 * {@link MetricsSettings#server()} names.
 */
public final class MetricsModule extends AbstractModule {
    private final MeterRegistry registry;
    private final MetricsSettings settings;

    public MetricsModule() {
        this(new CompositeMeterRegistry(), MetricsSettings.defaults());
    }

    public MetricsModule(MeterRegistry registry, MetricsSettings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The registry bound: what a game's own meters go to, next to the server's (the sample's login and room meters). */
    public MeterRegistry registry() {
        return registry;
    }

    public MetricsSettings settings() {
        return settings;
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

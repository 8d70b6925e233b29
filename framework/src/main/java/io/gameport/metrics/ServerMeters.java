package io.gameport.metrics;

import io.gameport.dispatch.Dispatcher;
import io.gameport.handler.LimitMetrics;
import io.gameport.net.WorkerGroup;
import io.gameport.session.IdleMonitor;
import io.gameport.session.SessionManager;
import io.gameport.transport.ErrorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Inject;

/**
 * Registers a game server's meters in the bound {@link MeterRegistry} once its transport runs.
 * Every meter reads a counter the I/O workers, shards or sessions already keep, when the registry
 * is read; recording adds nothing to their paths. The table of meters is in the framework README.
 */
public final class ServerMeters {

    private final MeterRegistry registry;
    private final MetricsSettings settings;
    private final Dispatcher dispatcher;
    private final LimitMetrics limits;
    private final SessionManager sessions;
    private final IdleMonitor idle;
    private final ErrorMetrics errors;

    @Inject
    public ServerMeters(MeterRegistry registry, MetricsSettings settings, Dispatcher dispatcher, LimitMetrics limits,
                        SessionManager sessions, IdleMonitor idle, ErrorMetrics errors) {
        this.registry = registry;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.sessions = sessions;
        this.idle = idle;
        this.errors = errors;
    }

    /** Registers every meter of the server whose I/O workers are {@code workers}; closing the set removes them. */
    public MeterSet register(WorkerGroup workers) {
        MeterSet meters = new MeterSet(registry, Tags.of("server", settings.server()));
        TransportMeters.register(meters, workers, errors);
        DispatchMeters.register(meters, dispatcher, limits);
        SessionMeters.register(meters, sessions, idle);
        return meters;
    }

    /**
     * The transport's meters alone, for a {@code TransportServer} or {@code TransportClient} used
     * without the dispatch stage (the raw echo server); closing the set removes them.
     */
    public static MeterSet registerTransport(MeterRegistry registry, MetricsSettings settings, WorkerGroup workers,
                                             ErrorMetrics errors) {
        MeterSet meters = new MeterSet(registry, Tags.of("server", settings.server()));
        TransportMeters.register(meters, workers, errors);
        return meters;
    }

    /** Stops registering meters for error codes first seen after the server stopped. */
    public void unregister(MeterSet meters) {
        errors.unwatchCodes();
        meters.close();
    }
}

package io.gameport.metrics;

import io.gameport.dispatch.Dispatcher;
import io.gameport.handler.LimitMetrics;
import io.gameport.handler.MessageMeters;
import io.gameport.net.WorkerGroup;
import io.gameport.session.IdleMonitor;
import io.gameport.session.SessionManager;
import io.gameport.transport.ErrorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;

/**
 * Registers a game server's meters in the bound {@link MeterRegistry} once its transport runs.
 * Every meter reads a counter the I/O workers, shards or sessions already keep, when the registry
 * is read; recording adds nothing to their paths. The one exception, off unless asked for, is the
 * meters per message type ({@link MessageMeters}), registered when the server is built and removed
 * here with the rest. The table of meters is in the framework README.
 */
public final class ServerMeters {

    private final MeterRegistry registry;
    private final MetricsSettings settings;
    private final Dispatcher dispatcher;
    private final LimitMetrics limits;
    private final SessionManager sessions;
    private final IdleMonitor idle;
    private final ErrorMetrics errors;
    private final MessageMeters messageMeters;

    /**
     * @param messageMeters the meters per message type, registered when the server was built (they
     *                      are resolved before the shards run); removed here with the others
     */
    @Inject
    public ServerMeters(MeterRegistry registry, MetricsSettings settings, Dispatcher dispatcher, LimitMetrics limits,
                        SessionManager sessions, IdleMonitor idle, ErrorMetrics errors, MessageMeters messageMeters) {
        this.messageMeters = messageMeters;
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
        MeterSet meters = new MeterSet(registry, settings.tags());
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
        MeterSet meters = new MeterSet(registry, settings.tags());
        TransportMeters.register(meters, workers, errors);
        return meters;
    }

    /**
     * Removes the server's meters, those per message type included, and stops registering meters
     * for error codes first seen after the server stopped; {@code meters} is null when the server
     * failed to start.
     */
    public void unregister(MeterSet meters) {
        errors.unwatchCodes();
        if (meters != null) {
            meters.close();
        }
        messageMeters.close();
    }
}

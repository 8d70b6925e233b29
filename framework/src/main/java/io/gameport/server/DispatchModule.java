package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.gameport.dispatch.DispatchMetrics;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.dispatch.Dispatcher;
import io.gameport.dispatch.FrameProcessor;
import io.gameport.handler.HandlerRegistry;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.HeartbeatHandlers;
import io.gameport.handler.LimitMetrics;
import io.gameport.handler.MessageDispatcher;
import io.gameport.handler.MessageHandlers;
import io.gameport.log.PeerLogs;
import io.gameport.protocol.MessageRegistry;
import io.gameport.time.NanoClock;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.Set;

/**
 * Binds the dispatch stage: {@link DispatchSettings} (shards, ring size, wait strategy),
 * {@link HandlerSettings}, the {@link Dispatcher}, the {@link FrameProcessor} shards hand frames
 * to ({@link MessageDispatcher}), and the {@link HandlerRegistry} built from every bound
 * {@link MessageHandlers} group (see {@link #handlers}). The framework's heartbeat handlers are
 * always in the set.
 */
public final class DispatchModule extends AbstractModule {
    private final DispatchSettings settings;
    private final HandlerSettings handlerSettings;

    public DispatchModule() {
        this(DispatchSettings.defaults(), HandlerSettings.defaults());
    }

    public DispatchModule(DispatchSettings settings, HandlerSettings handlerSettings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handlerSettings = Objects.requireNonNull(handlerSettings, "handlerSettings");
    }

    /** Where a studio adds its handler groups: {@code DispatchModule.handlers(binder()).addBinding().to(LoginHandlers.class)}. */
    public static Multibinder<MessageHandlers> handlers(Binder binder) {
        return Multibinder.newSetBinder(binder, MessageHandlers.class);
    }

    @Override
    protected void configure() {
        handlers(binder()).addBinding().to(HeartbeatHandlers.class);
        bind(FrameProcessor.class).to(MessageDispatcher.class);
    }

    @Provides
    @Singleton
    DispatchSettings dispatchSettings() {
        return settings;
    }

    @Provides
    @Singleton
    HandlerSettings handlerSettings() {
        return handlerSettings;
    }

    @Provides
    @Singleton
    DispatchMetrics dispatchMetrics() {
        return new DispatchMetrics();
    }

    /** The clock inbound rate limits refill from; override to drive it by hand in a test. */
    @Provides
    @Singleton
    NanoClock limitClock() {
        return NanoClock.SYSTEM;
    }

    @Provides
    @Singleton
    LimitMetrics limitMetrics() {
        return new LimitMetrics();
    }

    /** Where lines a peer can provoke go, and how many per second per kind; override to count them in a test. */
    @Provides
    @Singleton
    PeerLogs peerLogs(NanoClock clock) {
        return new PeerLogs(clock, PeerLogs.DEFAULT_LINES_PER_SECOND, org.slf4j.LoggerFactory::getLogger);
    }

    @Provides
    @Singleton
    HandlerRegistry handlerRegistry(MessageRegistry messages, Set<MessageHandlers> groups) {
        return HandlerRegistry.build(messages, groups);
    }

    @Provides
    @Singleton
    Dispatcher dispatcher(DispatchSettings dispatch, FrameProcessor processor, DispatchMetrics metrics, PeerLogs logs) {
        return new Dispatcher(dispatch, processor, metrics, logs);
    }
}

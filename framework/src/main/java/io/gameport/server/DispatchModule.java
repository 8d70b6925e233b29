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
import io.gameport.handler.MessageMeters;
import io.gameport.log.PeerLogs;
import io.gameport.metrics.MetricsSettings;
import io.gameport.protocol.MessageRegistry;
import io.gameport.time.NanoClock;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Binds the dispatch stage: the dispatch and handler sections of the {@link GameServerSettings},
 * the {@link Dispatcher}, the {@link FrameProcessor} shards hand frames to
 * ({@link MessageDispatcher}), and the {@link HandlerRegistry} built from every handler group a
 * {@link GameModule} adds. The framework's heartbeat handlers are always in the set.
 */
final class DispatchModule extends AbstractModule {

    /** The set {@link GameModule} adds a game's handler groups to. */
    static Multibinder<MessageHandlers> handlers(Binder binder) {
        return Multibinder.newSetBinder(binder, MessageHandlers.class);
    }

    @Override
    protected void configure() {
        handlers(binder()).addBinding().to(HeartbeatHandlers.class);
        bind(FrameProcessor.class).to(MessageDispatcher.class);
    }

    @Provides
    @Singleton
    DispatchSettings dispatchSettings(GameServerSettings settings) {
        return settings.dispatch();
    }

    @Provides
    @Singleton
    HandlerSettings handlerSettings(GameServerSettings settings) {
        return settings.handlers();
    }

    @Provides
    @Singleton
    DispatchMetrics dispatchMetrics() {
        return new DispatchMetrics();
    }

    @Provides
    @Singleton
    LimitMetrics limitMetrics() {
        return new LimitMetrics();
    }

    @Provides
    @Singleton
    HandlerRegistry handlerRegistry(MessageRegistry messages, Set<MessageHandlers> groups) {
        return HandlerRegistry.build(messages, groups);
    }

    /** Registered at build, before any shard runs, when {@link HandlerSettings#messageTypeMeters()} asks for them. */
    @Provides
    @Singleton
    MessageMeters messageMeters(HandlerSettings settings, MeterRegistry registry, MetricsSettings metrics,
                                HandlerRegistry handlers, MessageRegistry messages, NanoClock clock) {
        return settings.messageTypeMeters() ? MessageMeters.register(registry, metrics.tags(), handlers, messages, clock)
                : MessageMeters.off();
    }

    @Provides
    @Singleton
    Dispatcher dispatcher(DispatchSettings dispatch, FrameProcessor processor, DispatchMetrics metrics, PeerLogs logs) {
        return new Dispatcher(dispatch, processor, metrics, logs);
    }
}

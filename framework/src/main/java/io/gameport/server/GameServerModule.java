package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.gameport.log.PeerLogs;
import io.gameport.metrics.MetricsModule;
import io.gameport.time.NanoClock;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Every binding a {@link GameServer} needs, from one {@link GameServerSettings} tree: the
 * transport, the codec, the dispatch stage and sessions, each module providing its section of the
 * tree and nothing else, and the meters ({@link MetricsModule}: the one {@code MeterRegistry} of the server,
 * by default an empty one of its own; give yours with {@link #GameServerModule(GameServerSettings,
 * InetSocketAddress, MetricsModule)}). Add the game's messages and handlers with a {@link GameModule}; replace
 * a binding (the codec, the frame processor, the clock) with {@code Modules.override}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *         new GameServerModule(settings, new InetSocketAddress("0.0.0.0", 7000)),
 *         GameModule.handlers(RoomHandlers.class, RoomProto.getDescriptor()),
 *         binder -> binder.bind(Rooms.class).toInstance(rooms));    // what the handlers inject
 * GameServer server = injector.getInstance(GameServer.class).start();
 * }</pre>
 */
public final class GameServerModule extends AbstractModule {
    private final GameServerSettings settings;
    private final InetSocketAddress bind;
    private final MetricsModule metrics;

    /** A server whose meters go to an empty registry of its own (no-ops until a registry is given). */
    public GameServerModule(GameServerSettings settings, InetSocketAddress bind) {
        this(settings, bind, new MetricsModule());
    }

    /** A server recording into the registry {@code metrics} binds, under its {@code MetricsSettings}. */
    public GameServerModule(GameServerSettings settings, InetSocketAddress bind, MetricsModule metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.bind = Objects.requireNonNull(bind, "bind");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected void configure() {
        bind(GameServerSettings.class).toInstance(settings);
        bind(InetSocketAddress.class).annotatedWith(BindAddress.class).toInstance(bind);
        install(new TransportModule());
        install(new CodecModule());
        install(new DispatchModule());
        install(new SessionModule());
        install(metrics);
    }

    /** The clock inbound rate limits refill from and peer logs count their windows on; override to drive it by hand in a test. */
    @Provides
    @Singleton
    NanoClock clock() {
        return NanoClock.SYSTEM;
    }

    /** Where lines a peer can provoke go, at the settings' rate; override to count them in a test. */
    @Provides
    @Singleton
    PeerLogs peerLogs(GameServerSettings settings, NanoClock clock) {
        return new PeerLogs(clock, settings.peerLogLinesPerSecond(), org.slf4j.LoggerFactory::getLogger);
    }
}

package io.gameport.server;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.gameport.handler.MessageHandlers;
import io.gameport.metrics.MetricsModule;
import io.gameport.metrics.MetricsSettings;
import io.gameport.session.SessionManager;
import io.gameport.time.NanoClock;
import io.gameport.tls.KeyMaterial;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.tls.TrustRoots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link GameServer} without Guice ceremony; from {@link GameServer#builder()}:
 *
 * <pre>{@code
 * GameServer server = GameServer.builder()
 *         .settings(settings)                      // GameServerSettings; defaults() when not given
 *         .protocol(RoomProto.getDescriptor())     // the .proto files of the game's messages
 *         .handlers(new RoomHandlers(rooms))       // its handler groups
 *         .listen(7000)                            // on every interface; host(...) or listen(address) to choose
 *         .start();
 * }</pre>
 *
 * The server is the one the Guice path builds ({@link GameServerModule} plus a {@link GameModule}),
 * made underneath: handler groups given as classes are built and injected by it, with what
 * {@link #modules} bind; {@link #overrides} replace framework bindings (the codec, the frame
 * processor). Not thread-safe: one thread builds.
 */
public final class GameServerBuilder {

    private GameServerSettings settings = GameServerSettings.defaults();
    private final List<FileDescriptor> protocol = new ArrayList<>();
    private final List<Module> game = new ArrayList<>();
    private final List<Module> modules = new ArrayList<>();
    private final List<Module> overrides = new ArrayList<>();
    private String host = "0.0.0.0";
    private Integer port;
    private InetSocketAddress address;
    private TlsChoice tls;
    private NanoClock clock;
    private MeterRegistry meterRegistry;
    private MetricsSettings metricsSettings = MetricsSettings.defaults();

    GameServerBuilder() {
    }

    /** Every setting of the server; {@link GameServerSettings#defaults()} when not called. */
    public GameServerBuilder settings(GameServerSettings value) {
        settings = Objects.requireNonNull(value, "settings");
        return this;
    }

    /** .proto files whose messages the server speaks (the framework's own are always in). */
    public GameServerBuilder protocol(FileDescriptor... files) {
        protocol.addAll(List.of(files));
        return this;
    }

    /** Handler groups already built. */
    public GameServerBuilder handlers(MessageHandlers... groups) {
        for (MessageHandlers group : groups) {
            game.add(GameModule.handlers(group));
        }
        return this;
    }

    /**
     * A handler group made from the server's sessions, for groups that send to sessions other than
     * the one a message came from ({@link SessionManager#broadcast}). Called once, while the server is built.
     */
    public GameServerBuilder handlersWith(Function<SessionManager, ? extends MessageHandlers> factory) {
        Objects.requireNonNull(factory, "factory");
        game.add(binder -> DispatchModule.handlers(binder).addBinding().toProvider(new MadeFromSessions(factory)));
        return this;
    }

    /** A handler group built by injection: its constructor's arguments come from {@link #modules}. */
    public GameServerBuilder handlers(Class<? extends MessageHandlers> group) {
        game.add(GameModule.handlers(group));
        return this;
    }

    /** The interface to listen on, by name or address; every interface ({@code 0.0.0.0}) when not called. */
    public GameServerBuilder host(String value) {
        host = Objects.requireNonNull(value, "host");
        return this;
    }

    /** The port to listen on, 0 for any free one (read it back with {@link GameServer#port()}). */
    public GameServerBuilder listen(int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + value);
        }
        port = value;
        return this;
    }

    /** The address to listen on; it wins over {@link #host} and {@link #listen(int)}. */
    public GameServerBuilder listen(InetSocketAddress value) {
        address = Objects.requireNonNull(value, "address");
        return this;
    }

    /**
     * Serves TLS with this certificate and key, under {@link GameServerSettings#tls()} (the
     * defaults when that is null). The server owns the context it makes and closes it when it stops.
     */
    public GameServerBuilder tls(KeyMaterial key) {
        return tls(key, null);
    }

    /**
     * As {@link #tls(KeyMaterial)}, verifying client certificates against {@code clientRoots}
     * (for {@link TlsSettings#clientAuth()} OPTIONAL or REQUIRE).
     */
    public GameServerBuilder tls(KeyMaterial key, TrustRoots clientRoots) {
        tls = new OwnedTls(Objects.requireNonNull(key, "key"), clientRoots);
        return this;
    }

    /**
     * Serves TLS with a server context the caller made (client certificates, say), and still owns:
     * the server does not close it. Its settings must be {@link GameServerSettings#tls()} when that
     * is set. Null: plaintext.
     */
    public GameServerBuilder tls(TlsContext context) {
        tls = context == null ? null : new GivenTls(context);
        return this;
    }

    /** Modules with what injected handler groups need ({@code binder -> binder.bind(Rooms.class).toInstance(rooms)}). */
    public GameServerBuilder modules(Module... values) {
        modules.addAll(List.of(values));
        return this;
    }

    /** Modules whose bindings replace the framework's (e.g. the {@code FrameProcessor} or the codec). */
    public GameServerBuilder overrides(Module... values) {
        overrides.addAll(List.of(values));
        return this;
    }

    /** The clock inbound rate limits and peer logs read; the system's when not called. */
    public GameServerBuilder clock(NanoClock value) {
        clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /**
     * The registry the server's meters go to (a {@code PrometheusMeterRegistry} to serve with
     * {@code OpsHttpServer}, Micrometer's global one, ...); when not called, an empty registry of the
     * server's own, whose meters are no-ops. The server registers its meters when it starts and
     * removes them when it stops.
     */
    public GameServerBuilder meterRegistry(MeterRegistry value) {
        meterRegistry = Objects.requireNonNull(value, "meterRegistry");
        return this;
    }

    /** The {@code server} tag of its meters; {@link MetricsSettings#defaults()} when not called. */
    public GameServerBuilder metricsSettings(MetricsSettings value) {
        metricsSettings = Objects.requireNonNull(value, "metricsSettings");
        return this;
    }

    /** The server, not started yet. */
    public GameServer build() {
        InetSocketAddress bind = address;
        if (bind == null) {
            if (port == null) {
                throw new IllegalStateException("no address to listen on: call listen(port) or listen(address)");
            }
            bind = new InetSocketAddress(host, port);
        }
        List<Module> all = new ArrayList<>();
        all.add(new GameServerModule(settings, bind, meterRegistry == null ? new MetricsModule(new CompositeMeterRegistry(),
                metricsSettings) : new MetricsModule(meterRegistry, metricsSettings)));
        all.add(GameModule.protocol(protocol.toArray(FileDescriptor[]::new)));
        all.addAll(game);
        all.addAll(modules);
        List<Module> replacing = new ArrayList<>(overrides);
        if (clock != null) {
            NanoClock chosen = clock;
            replacing.add(binder -> binder.bind(NanoClock.class).toInstance(chosen));
        }
        Module wiring = replacing.isEmpty() ? Modules.combine(all) : Modules.override(all).with(replacing);
        GameServer server = Guice.createInjector(wiring).getInstance(GameServer.class);
        if (tls instanceof OwnedTls owned) {
            TlsSettings chosen = settings.tls() != null ? settings.tls() : TlsSettings.defaults();
            server.useOwnedTls(TlsContext.server(chosen, owned.key, owned.clientRoots));
        } else if (tls instanceof GivenTls given) {
            server.useTls(given.context);
        }
        return server;
    }

    /** Builds the server and starts it listening. */
    public GameServer start() throws IOException {
        return build().start();
    }

    /** Makes a handler group once Guice has the server's sessions. */
    private static final class MadeFromSessions implements Provider<MessageHandlers> {
        private final Function<SessionManager, ? extends MessageHandlers> factory;
        @Inject
        private SessionManager sessions;

        MadeFromSessions(Function<SessionManager, ? extends MessageHandlers> factory) {
            this.factory = factory;
        }

        @Override
        public MessageHandlers get() {
            return Objects.requireNonNull(factory.apply(sessions), "the handler factory returned null");
        }
    }

    /** How the server gets its TLS context: made here from a certificate (and owned by the server), or given. */
    private sealed interface TlsChoice permits OwnedTls, GivenTls {
    }

    private record OwnedTls(KeyMaterial key, TrustRoots clientRoots) implements TlsChoice {
    }

    private record GivenTls(TlsContext context) implements TlsChoice {
    }
}

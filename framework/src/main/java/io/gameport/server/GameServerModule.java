package io.gameport.server;

import com.google.inject.AbstractModule;
import io.gameport.metrics.MetricsModule;
import io.gameport.net.TransportConfig;
import java.net.InetSocketAddress;

/**
 * Every module a {@link GameServer} needs, with defaults: {@link TransportModule},
 * {@link CodecModule}, {@link DispatchModule}, {@link SessionModule}, {@link SendQuotaModule}, {@link MetricsModule}.
 * Replace any piece with {@code Modules.override}:
 *
 * <pre>{@code
 * Guice.createInjector(Modules.override(new GameServerModule(address))
 *         .with(new SendQuotaModule(SendQuotaConfig.DEFAULTS.withPolicy(SendQuotaPolicy.DROP)),
 *               new DispatchModule(DispatchSettings.defaults().withShards(4), HandlerSettings.defaults())),
 *     myHandlersModule);
 * }</pre>
 */
public final class GameServerModule extends AbstractModule {
    private final InetSocketAddress bind;
    private final TransportConfig transport;

    public GameServerModule(InetSocketAddress bind) {
        this(bind, TransportConfig.defaults());
    }

    public GameServerModule(InetSocketAddress bind, TransportConfig transport) {
        this.bind = bind;
        this.transport = transport;
    }

    @Override
    protected void configure() {
        install(new TransportModule(transport, bind));
        install(new CodecModule());
        install(new DispatchModule());
        install(new SessionModule());
        install(new SendQuotaModule());
        install(new MetricsModule());
    }
}

package io.gameport.sample.link;

import com.google.inject.AbstractModule;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.MessageHandlers;
import io.gameport.metrics.MetricsModule;
import io.gameport.net.TransportSettings;
import io.gameport.server.GameModule;
import io.gameport.server.GameServerModule;
import io.gameport.server.GameServerSettings;
import io.gameport.session.SessionSettings;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The wiring both sample servers share: Gameport's {@link GameServerModule} on the server's
 * address and transport settings (the slow-client policy is their send quota's), the server's
 * own .proto files, and its handler group. Build the
 * injector with this module and ask it for the {@code GameServer}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *         new SampleServerModule(bind, transport, HandlerSettings.defaults(), List.of(RoomProto.getDescriptor()),
 *                 RoomHandler.class),
 *         binder -> binder.bind(TicketSigner.class).toInstance(tickets));   // what the handlers inject
 * GameServer server = injector.getInstance(GameServer.class).start();
 * }</pre>
 */
public final class SampleServerModule extends AbstractModule {

    private final InetSocketAddress bind;
    private final TransportSettings transport;
    private final HandlerSettings handlerSettings;
    private final List<FileDescriptor> protocolFiles;
    private final MessageHandlers handlers;
    private final Class<? extends MessageHandlers> handlersType;
    private final SessionSettings sessionSettings;
    private final MetricsModule metrics;

    /**
     * @param protocolFiles the messages this server speaks besides the framework's; a frame of any
     *                      other type is a protocol error for it
     */
    public SampleServerModule(InetSocketAddress bind, TransportSettings transport, HandlerSettings handlerSettings,
            List<FileDescriptor> protocolFiles, MessageHandlers handlers) {
        this.bind = Objects.requireNonNull(bind, "bind");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.handlerSettings = Objects.requireNonNull(handlerSettings, "handlerSettings");
        this.protocolFiles = List.copyOf(protocolFiles);
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.handlersType = null;
        this.sessionSettings = SessionSettings.defaults();
        this.metrics = new MetricsModule();
    }

    /** As above, with a handler group Guice builds (and injects) itself; bind what it needs in another module. */
    public SampleServerModule(InetSocketAddress bind, TransportSettings transport, HandlerSettings handlerSettings,
            List<FileDescriptor> protocolFiles, Class<? extends MessageHandlers> handlersType) {
        this.bind = Objects.requireNonNull(bind, "bind");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.handlerSettings = Objects.requireNonNull(handlerSettings, "handlerSettings");
        this.protocolFiles = List.copyOf(protocolFiles);
        this.handlers = null;
        this.handlersType = Objects.requireNonNull(handlersType, "handlersType");
        this.sessionSettings = SessionSettings.defaults();
        this.metrics = new MetricsModule();
    }

    private SampleServerModule(SampleServerModule base, SessionSettings sessionSettings, MetricsModule metrics) {
        this.bind = base.bind;
        this.transport = base.transport;
        this.handlerSettings = base.handlerSettings;
        this.protocolFiles = base.protocolFiles;
        this.handlers = base.handlers;
        this.handlersType = base.handlersType;
        this.sessionSettings = Objects.requireNonNull(sessionSettings, "sessionSettings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The same wiring with these session settings (heartbeat, idle timeout, authentication deadline). */
    public SampleServerModule withSessionSettings(SessionSettings settings) {
        return new SampleServerModule(this, settings, metrics);
    }

    /** The same wiring reporting its meters where {@code module} says (by default a no-op registry of its own). */
    public SampleServerModule withMetrics(MetricsModule module) {
        return new SampleServerModule(this, sessionSettings, module);
    }

    @Override
    protected void configure() {
        GameServerSettings settings = GameServerSettings.defaults().withTransport(transport).withHandlers(handlerSettings)
                .withSessions(sessionSettings);
        install(com.google.inject.util.Modules.override(new GameServerModule(settings, bind)).with(metrics));
        FileDescriptor[] files = protocolFiles.toArray(FileDescriptor[]::new);
        install(handlers != null ? GameModule.handlers(handlers, files) : GameModule.handlers(handlersType, files));
    }
}

package io.gameport.testing;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.gameport.client.GameClient;
import io.gameport.handler.MessageHandlers;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.MessageRegistry;
import io.gameport.protocol.ProtocolFiles;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.protocol.testing.StudioGame;
import io.gameport.server.GameModule;
import io.gameport.server.GameServer;
import io.gameport.server.GameServerModule;
import io.gameport.server.GameServerSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Starts a {@link GameServer} on 127.0.0.1 through Guice, with the test studio's messages and the test's handlers. */
public final class ServerFixture implements AutoCloseable {

    public static final MessageRegistry REGISTRY = MessageRegistry.builder()
            .addFiles(ProtocolFiles.framework()).addFile(StudioGame.getDescriptor()).build();
    public static final MessageCodec CODEC = new MessageCodec(REGISTRY, ProtocolSettings.defaults());

    public final Injector injector;
    public final GameServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TransportClient transport;

    /** The settings of a fixture's server unless the test gives its own: the defaults, on two I/O workers. */
    public static GameServerSettings settings() {
        return GameServerSettings.defaults().withTransport(TransportSettings.defaults().withWorkers(2));
    }

    /**
     * @param handlers  the test's handler group
     * @param overrides modules replacing framework bindings (the clock, the peer logs)
     */
    public ServerFixture(MessageHandlers handlers, Module... overrides) throws Exception {
        this(handlers, settings(), overrides);
    }

    public ServerFixture(MessageHandlers handlers, GameServerSettings settings, Module... overrides) throws Exception {
        Module wiring = Modules.combine(new GameServerModule(settings, new InetSocketAddress("127.0.0.1", 0)),
                GameModule.handlers(handlers, StudioGame.getDescriptor()));
        injector = Guice.createInjector(Modules.override(wiring).with(overrides));
        server = injector.getInstance(GameServer.class).start();
    }

    public int port() {
        return server.port();
    }

    /** A blocking client speaking the server's messages; the test decides when it reads. */
    public FrameClient raw() throws Exception {
        return track(new FrameClient(port(), CODEC));
    }

    /** As {@link #raw()}, with a receive buffer of {@code receiveBufferBytes}: a reader that stalls stalls the server sooner. */
    public FrameClient raw(int receiveBufferBytes) throws Exception {
        return track(new FrameClient(port(), CODEC, receiveBufferBytes));
    }

    public GameClient client() throws Exception {
        return client(builder -> { });
    }

    /** A client of the server with the test studio's messages, on the fixture's transport; {@code setup} adds its handlers. */
    public GameClient client(Consumer<GameClient.Builder> setup) throws Exception {
        if (transport == null) {
            transport = new TransportClient(TransportSettings.defaults().withWorkers(1), ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
        }
        GameClient.Builder builder = GameClient.builder().address(server.localAddress()).codec(CODEC).transport(transport);
        setup.accept(builder);
        return track(builder.connect().get(10, TimeUnit.SECONDS));
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** Waits (bounded) for a condition another thread makes true; the caller asserts afterwards. */
    public static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        server.stop(Duration.ofSeconds(5));
        if (transport != null) {
            transport.close();
        }
    }
}

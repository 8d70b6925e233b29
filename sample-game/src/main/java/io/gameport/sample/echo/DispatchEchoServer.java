package io.gameport.sample.echo;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.util.Modules;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.dispatch.FrameProcessor;
import io.gameport.dispatch.WaitStrategyKind;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.PassThroughFrameCodec;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.metrics.MetricsModule;
import io.gameport.server.GameServer;
import io.gameport.server.GameServerModule;
import io.gameport.server.GameServerSettings;
import io.gameport.session.SessionSettings;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;

/**
 * Builds the {@code echo-server --dispatch} server: the standard {@link GameServerModule} wiring
 * on settings of its own (sessions without heartbeat or idle timeout: a benchmark's raw frames
 * must not be interleaved with Pings, and its idle connections must stay) with one override: the
 * {@link FrameProcessor} echoes through the pass-through codec instead of Protobuf handlers.
 */
final class DispatchEchoServer {

    private DispatchEchoServer() {
    }

    static GameServer create(InetSocketAddress bind, TransportSettings transport, int maxFrameBytes, int shards,
                             WaitStrategyKind waitStrategy) {
        return create(bind, transport, maxFrameBytes, shards, waitStrategy, new MetricsModule());
    }

    /** As above, reporting its meters where {@code metrics} says. */
    static GameServer create(InetSocketAddress bind, TransportSettings transport, int maxFrameBytes, int shards,
                             WaitStrategyKind waitStrategy, MetricsModule metrics) {
        GameServerSettings settings = GameServerSettings.defaults()
                .withTransport(transport)
                // The codec needs room for a message header even when the benchmark asks for less.
                .withProtocol(ProtocolSettings.defaults().withMaxFrameBytes(Math.max(maxFrameBytes, MessageHeader.LENGTH)))
                .withDispatch(DispatchSettings.defaults().withShards(shards).withWaitStrategy(waitStrategy))
                .withSessions(SessionSettings.defaults().withHeartbeatIntervalMs(0).withIdleTimeoutMs(0));
        return Guice.createInjector(Modules.override(new GameServerModule(settings, bind)).with(metrics,
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(FrameProcessor.class).to(PassThroughEchoProcessor.class);
                    }

                    @Provides
                    @Singleton
                    PassThroughFrameCodec passThroughCodec(ProtocolSettings settings) {
                        return new PassThroughFrameCodec(settings);
                    }
                })).getInstance(GameServer.class);
    }
}

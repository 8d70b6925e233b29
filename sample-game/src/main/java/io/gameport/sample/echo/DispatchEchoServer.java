package io.gameport.sample.echo;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.util.Modules;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.dispatch.FrameProcessor;
import io.gameport.dispatch.WaitStrategyKind;
import io.gameport.handler.HandlerSettings;
import io.gameport.net.TransportConfig;
import io.gameport.protocol.PassThroughFrameCodec;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.metrics.MetricsModule;
import io.gameport.server.CodecModule;
import io.gameport.server.DispatchModule;
import io.gameport.server.GameServer;
import io.gameport.server.GameServerModule;
import io.gameport.server.SendQuotaModule;
import io.gameport.server.SessionModule;
import io.gameport.session.SessionSettings;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;

/**
 * Builds the {@code echo-server --dispatch} server: the standard {@link GameServerModule} wiring
 * with overrides: the {@link FrameProcessor} (echo through the pass-through codec instead of
 * Protobuf handlers), sessions without heartbeat or idle timeout (a benchmark's raw frames
 * must not be interleaved with Pings, and its idle connections must stay), and the send quota
 * of the given {@link TransportConfig}.
 */
final class DispatchEchoServer {

    private DispatchEchoServer() {
    }

    static GameServer create(InetSocketAddress bind, TransportConfig transport, int shards, WaitStrategyKind waitStrategy) {
        return create(bind, transport, shards, waitStrategy, new MetricsModule());
    }

    /** As above, reporting its meters where {@code metrics} says. */
    static GameServer create(InetSocketAddress bind, TransportConfig transport, int shards, WaitStrategyKind waitStrategy,
                             MetricsModule metrics) {
        ProtocolSettings protocol = ProtocolSettings.defaults().withMaxFrameBytes(Math.max(transport.maxFrameBytes(), 6));
        Module settings = Modules.override(new GameServerModule(bind, transport)).with(
                new CodecModule(protocol),
                new DispatchModule(DispatchSettings.defaults().withShards(shards).withWaitStrategy(waitStrategy),
                        HandlerSettings.defaults()),
                new SessionModule(new SessionSettings(0, 0, 1000)),
                new SendQuotaModule(transport.sendQuota()),
                metrics);
        // A second override on top: the DispatchModule above binds the FrameProcessor too.
        return Guice.createInjector(Modules.override(settings).with(
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

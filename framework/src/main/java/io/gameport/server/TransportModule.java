package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.gameport.net.SendQuotaConfig;
import io.gameport.net.TransportConfig;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.transport.ErrorMetrics;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Binds the transport: backend, I/O workers, socket options, the listen address and the error
 * counters. The {@link TransportConfig} it provides takes its send quota from the bound
 * {@link SendQuotaConfig} and its maximum frame size from the bound {@link ProtocolSettings}, so
 * each of those has one source of truth.
 */
public final class TransportModule extends AbstractModule {
    private final TransportConfig base;
    private final InetSocketAddress bind;

    public TransportModule(TransportConfig base, InetSocketAddress bind) {
        this.base = Objects.requireNonNull(base, "base");
        this.bind = Objects.requireNonNull(bind, "bind");
    }

    @Provides
    @Singleton
    TransportConfig transportConfig(SendQuotaConfig quota, ProtocolSettings protocol) {
        return base.withSendQuota(quota).withMaxFrameBytes(protocol.maxFrameBytes());
    }

    @Provides
    @BindAddress
    InetSocketAddress bindAddress() {
        return bind;
    }

    @Provides
    @Singleton
    ErrorMetrics errorMetrics() {
        return new ErrorMetrics();
    }
}

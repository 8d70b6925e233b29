package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.gameport.log.PeerLogs;
import io.gameport.net.TransportSettings;
import io.gameport.transport.ErrorMetrics;
import jakarta.inject.Singleton;

/** Provides the transport's section of the {@link GameServerSettings} and the server's error counters. */
final class TransportModule extends AbstractModule {

    @Provides
    @Singleton
    TransportSettings transportSettings(GameServerSettings settings) {
        return settings.transport();
    }

    @Provides
    @Singleton
    ErrorMetrics errorMetrics(PeerLogs logs) {
        return new ErrorMetrics(logs);
    }
}

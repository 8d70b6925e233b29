package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.gameport.net.SendQuotaConfig;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds the {@link SendQuotaConfig}: per-session caps on pending outbound frames and bytes, the
 * global byte cap, and the policy over quota. Replace it to change any of them:
 * {@code Modules.override(new GameServerModule(addr)).with(new SendQuotaModule(SendQuotaConfig.DEFAULTS.withPolicy(SendQuotaPolicy.DROP)))}.
 */
public final class SendQuotaModule extends AbstractModule {
    private final SendQuotaConfig config;

    public SendQuotaModule() {
        this(SendQuotaConfig.DEFAULTS);
    }

    public SendQuotaModule(SendQuotaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Provides
    @Singleton
    SendQuotaConfig sendQuotaConfig() {
        return config;
    }
}

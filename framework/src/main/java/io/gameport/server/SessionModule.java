package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.gameport.session.IdleMonitor;
import io.gameport.session.SessionManager;
import io.gameport.session.SessionSettings;
import jakarta.inject.Singleton;
import java.util.Objects;

/** Binds {@link SessionSettings} (heartbeat, idle timeout) and, as singletons, the {@link SessionManager} and {@link IdleMonitor}. */
public final class SessionModule extends AbstractModule {
    private final SessionSettings settings;

    public SessionModule() {
        this(SessionSettings.defaults());
    }

    public SessionModule(SessionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(SessionManager.class).in(Singleton.class);
        bind(IdleMonitor.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    SessionSettings sessionSettings() {
        return settings;
    }
}

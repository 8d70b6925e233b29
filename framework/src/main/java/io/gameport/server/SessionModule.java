package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.gameport.session.IdleMonitor;
import io.gameport.session.SessionManager;
import io.gameport.session.SessionSettings;
import jakarta.inject.Singleton;

/** Provides the sessions' section of the {@link GameServerSettings} and, as singletons, the {@link SessionManager} and {@link IdleMonitor}. */
final class SessionModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SessionManager.class).in(Singleton.class);
        bind(IdleMonitor.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    SessionSettings sessionSettings(GameServerSettings settings) {
        return settings.sessions();
    }
}

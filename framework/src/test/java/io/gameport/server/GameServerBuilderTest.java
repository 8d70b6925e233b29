package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.GameClient;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.MessageMeters;
import io.gameport.metrics.MetricsSettings;
import io.gameport.protocol.testing.StudioGame;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.MatchResult;
import io.gameport.session.SessionManager;
import io.gameport.testing.ServerFixture;
import io.gameport.tls.TestCertificates;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link GameServer#builder()}: a server from settings, .proto files and handler groups, without Guice in the caller's code. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GameServerBuilderTest {

    private static final TestCertificates.Issued CERTIFICATE = TestCertificates.localhost();

    @Test
    void aServerBuiltFromAProtoFileAndAHandlerGroupAnswersAClient() throws Exception {
        GameServer server = GameServer.builder()
                .settings(ServerFixture.settings())
                .protocol(StudioGame.getDescriptor())
                .handlers(on -> on.request(CreateMatchRequest.class, (session, request) ->
                        CreateMatchResponse.newBuilder().setResult(MatchResult.MATCH_RESULT_OK).build()))
                .host("127.0.0.1")
                .listen(0)
                .start();
        try (GameClient client = GameClient.builder().address(server.localAddress()).protocol(StudioGame.getDescriptor())
                .connect().get(10, TimeUnit.SECONDS)) {
            CreateMatchResponse response = client.request(CreateMatchRequest.newBuilder().setName("hall").build(),
                    CreateMatchResponse.class).get(10, TimeUnit.SECONDS);
            assertEquals(MatchResult.MATCH_RESULT_OK, response.getResult());
            assertEquals("127.0.0.1", server.localAddress().getAddress().getHostAddress());
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void theServersMetersGoToTheRegistryGivenToTheBuilderUnderItsName() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GameServer server = GameServer.builder()
                .settings(ServerFixture.settings().withHandlers(HandlerSettings.defaults().withMessageTypeMeters(true)))
                .protocol(StudioGame.getDescriptor())
                .handlers(on -> on.request(CreateMatchRequest.class, (session, request) ->
                        CreateMatchResponse.newBuilder().setResult(MatchResult.MATCH_RESULT_OK).build()))
                .meterRegistry(registry)
                .metricsSettings(new MetricsSettings("built"))
                .host("127.0.0.1")
                .listen(0)
                .start();
        try (GameClient client = GameClient.builder().address(server.localAddress()).protocol(StudioGame.getDescriptor())
                .connect().get(10, TimeUnit.SECONDS)) {
            client.request(CreateMatchRequest.newBuilder().setName("hall").build(), CreateMatchResponse.class)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(1, registry.get("gameport.connections.opened").tag("server", "built").functionCounter().count());
            assertEquals(1, registry.get(MessageMeters.HANDLER_DURATION).tag("server", "built")
                    .tag("type", CreateMatchRequest.getDescriptor().getFullName()).timer().count());
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
        assertTrue(registry.getMeters().isEmpty(), "a stopped server leaves nothing in the registry: " + registry.getMeters());
    }

    @Test
    void aHandlerGroupMadeFromTheSessionsGetsTheServersOwn() throws Exception {
        AtomicReference<SessionManager> given = new AtomicReference<>();
        GameServer server = GameServer.builder()
                .settings(ServerFixture.settings())
                .protocol(StudioGame.getDescriptor())
                .handlersWith(sessions -> {
                    given.set(sessions);
                    return on -> { };
                })
                .listen(0)
                .build();
        try {
            assertSame(server.sessions(), given.get());
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aCertificateGivenIsServedUnderTheSettingsAndItsContextEndsWithTheServer() throws Exception {
        TlsSettings tls = TlsSettings.defaults().withHandshakeTimeoutMillis(4_000);
        GameServer server = GameServer.builder()
                .settings(ServerFixture.settings().withTls(tls))
                .tls(CERTIFICATE.material())
                .host("127.0.0.1")
                .listen(0)
                .start();
        TlsContext context = server.transport().workers().tlsContext();
        try {
            assertEquals(tls, context.settings());
            assertFalse(((ExecutorService) context.delegatedTasks()).isShutdown());
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
        assertTrue(((ExecutorService) context.delegatedTasks()).isShutdown(), "the server made the context, the server closes it");
    }

    @Test
    void tlsSettingsWithoutACertificateFailStartInsteadOfServingPlaintext() {
        GameServer server = GameServer.builder()
                .settings(ServerFixture.settings().withTls(TlsSettings.defaults()))
                .listen(0)
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
        assertTrue(e.getMessage().contains("GameServerSettings.tls is set but the server has no certificate"), e.getMessage());
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void aContextMadeWithOtherSettingsThanTheServersFailsStart() {
        try (TlsContext other = TlsContext.server(TlsSettings.defaults(), CERTIFICATE.material(), null)) {
            GameServer server = GameServer.builder()
                    .settings(ServerFixture.settings().withTls(TlsSettings.defaults().withHandshakeTimeoutMillis(4_000)))
                    .tls(other)
                    .listen(0)
                    .build();
            IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
            assertTrue(e.getMessage().contains("other settings than GameServerSettings.tls"), e.getMessage());
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void noAddressToListenOnFailsNamingTheCallThatGivesOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GameServer.builder().build());
        assertEquals("no address to listen on: call listen(port) or listen(address)", e.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> GameServer.builder().listen(70_000));
        assertEquals("port must be in 0..65535, was 70000", port.getMessage());
    }
}

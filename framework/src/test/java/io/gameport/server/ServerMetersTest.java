package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.MessageMeters;
import io.gameport.metrics.MetricsModule;
import io.gameport.metrics.MetricsSettings;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's meters read the counters the transport, shards and sessions keep, tagged with the server's name. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerMetersTest {

    private static final int CLIENTS = 3;
    private static final int PINGS_EACH = 5;

    @Test
    void metersCountConnectionsFramesBytesAndSessionsOfTheServer() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (ServerFixture fixture = new ServerFixture(on -> { },
                new MetricsModule(registry, new MetricsSettings("test")))) {
            List<FrameClient> clients = new ArrayList<>();
            long frameBytes = 0;
            for (int c = 0; c < CLIENTS; c++) {
                FrameClient client = fixture.raw();
                clients.add(client);
                for (int i = 1; i <= PINGS_EACH; i++) {
                    Ping ping = Ping.newBuilder().setNonce(i).build();
                    ByteBuffer payload = ServerFixture.CODEC.encode(ping, i);
                    frameBytes += Integer.BYTES + payload.remaining();
                    client.write(ping, i);
                }
                client.flush();
                for (int i = 1; i <= PINGS_EACH; i++) {
                    assertInstanceOf(Pong.class, client.read().message());
                }
            }
            assertEquals(CLIENTS, value(registry, "gameport.connections.opened", Tags.empty()));
            assertEquals(CLIENTS, value(registry, "gameport.connections.open", Tags.empty()));
            assertEquals(CLIENTS * PINGS_EACH, value(registry, "gameport.io.frames.received", Tags.empty()));
            assertEquals(frameBytes, value(registry, "gameport.io.received", Tags.empty()));
            assertEquals(CLIENTS, value(registry, "gameport.sessions", Tags.of("state", "connected")));
            assertEquals(1, value(registry, "gameport.transport.info", Tags.of("backend", fixture.server.backendName())));
            // Frames leave after their Pong was read by the client; the worker counts them when the send completes.
            ServerFixture.await(() -> value(registry, "gameport.io.frames.sent", Tags.empty()) >= CLIENTS * PINGS_EACH);
            assertTrue(value(registry, "gameport.io.frames.sent", Tags.empty()) >= CLIENTS * PINGS_EACH);
            assertTrue(value(registry, "gameport.io.sent", Tags.empty()) > 0);

            for (FrameClient client : clients) {
                client.close();
            }
            ServerFixture.await(() -> value(registry, "gameport.connections.released", Tags.empty()) == CLIENTS);
            assertEquals(CLIENTS, value(registry, "gameport.connections.closed", Tags.of("reason", "peer_closed")));
            assertEquals(0, value(registry, "gameport.connections.open", Tags.empty()));
            ServerFixture.await(() -> value(registry, "gameport.sessions", Tags.of("state", "connected")) == 0);
            assertEquals(0, value(registry, "gameport.sessions", Tags.of("state", "connected")));
            assertEquals(0, value(registry, "gameport.io.stale.completions", Tags.empty()));
            assertEquals(0, value(registry, "gameport.io.peer.probe.closes", Tags.empty()));
            fixture.server.stop(Duration.ofSeconds(5));
            assertNull(registry.find("gameport.connections.opened").meter(), "a stopped server removes its meters");
        }
    }

    @Test
    void metersPerMessageTypeCountAndTimeEachTypeWhenAskedForAndGoWhenTheServerStops() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        GameServerSettings settings = ServerFixture.settings()
                .withHandlers(HandlerSettings.defaults().withMessageTypeMeters(true));
        try (ServerFixture fixture = new ServerFixture(on -> { }, settings,
                new MetricsModule(registry, new MetricsSettings("test")))) {
            FrameClient client = fixture.raw();
            for (int i = 1; i <= PINGS_EACH; i++) {
                client.write(Ping.newBuilder().setNonce(i).build(), i);
            }
            client.flush();
            for (int i = 1; i <= PINGS_EACH; i++) {
                assertInstanceOf(Pong.class, client.read().message());
            }
            // The handler's call is timed before its response is sent: the client read it, so both are recorded.
            assertEquals(PINGS_EACH, value(registry, MessageMeters.RECEIVED, Tags.of("type", "gameport.Ping")));
            Timer pings = registry.get(MessageMeters.HANDLER_DURATION).tags("server", "test", "type", "gameport.Ping").timer();
            assertEquals(PINGS_EACH, pings.count());
            assertEquals(0, value(registry, MessageMeters.RECEIVED, Tags.of("type", "gameport.Pong")));
            client.close();
            fixture.server.stop(Duration.ofSeconds(5));
            assertNull(registry.find(MessageMeters.RECEIVED).meter(), "a stopped server removes its meters per type");
            assertNull(registry.find(MessageMeters.HANDLER_DURATION).meter());
        }
    }

    @Test
    void noMeterPerMessageTypeUnlessAskedFor() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (ServerFixture fixture = new ServerFixture(on -> { }, new MetricsModule(registry, new MetricsSettings("test")))) {
            FrameClient client = fixture.raw();
            client.write(Ping.newBuilder().setNonce(1).build(), 1);
            client.flush();
            assertInstanceOf(Pong.class, client.read().message());
            assertEquals(1, value(registry, "gameport.io.frames.received", Tags.empty()));
            assertNull(registry.find(MessageMeters.RECEIVED).meter());
            assertNull(registry.find(MessageMeters.HANDLER_DURATION).meter());
            client.close();
        }
    }

    @Test
    void theRegistryGivenToTheGuiceModuleGetsTheServersMeters() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        GameServer server = Guice.createInjector(new GameServerModule(ServerFixture.settings(),
                new InetSocketAddress("127.0.0.1", 0), new MetricsModule(registry, new MetricsSettings("test"))))
                .getInstance(GameServer.class).start();
        try {
            assertEquals(1, value(registry, "gameport.transport.info", Tags.of("backend", server.backendName())));
            assertEquals(0, value(registry, "gameport.connections.opened", Tags.empty()));
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
        assertTrue(registry.getMeters().isEmpty(), "a stopped server leaves nothing in the registry: " + registry.getMeters());
    }

    /** The one meter of that name with those tags (and the server's), as a number. */
    private static double value(MeterRegistry registry, String name, Tags tags) {
        Meter meter = registry.find(name).tags(tags).tag("server", "test").meter();
        if (meter == null) {
            throw new AssertionError("no meter " + name + " " + tags + " in " + registry.getMeters().stream()
                    .map(m -> m.getId().getName()).distinct().sorted().toList());
        }
        return meter.measure().iterator().next().getValue();
    }
}

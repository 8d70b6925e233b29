package io.gameport.sample.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.GameClient;
import io.gameport.metrics.MetricsModule;
import io.gameport.metrics.MetricsSettings;
import io.gameport.metrics.OpsHttpServer;
import io.gameport.metrics.PrometheusText;
import io.gameport.net.TransportSettings;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.RoomProto;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.ticket.TicketSigner;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The room server's own meters, scraped over real HTTP after a player entered, made a room and
 * joined it and the loop ticked a few times, accepted by promtool and read with Prometheus's
 * Python parser.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomServerMetersTest {

    private static final byte[] SECRET = "room-meters-test-secret-0123456789ab".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> ROOM = Map.of("server", "room");
    private static final int TICKS = 5;

    @Test
    void aScrapeShowsRoomsPlayersAndEveryTicksLatenessAndDuration() throws Exception {
        PrometheusText.assumeToolsPresent();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0),
                TransportSettings.defaults().withWorkers(1), 20, RoomSettings.defaults(), SECRET), null,
                new MetricsModule(registry, new MetricsSettings("room")));
        try (OpsHttpServer http = OpsHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
             GameClient client = GameClient.builder().address(new InetSocketAddress("127.0.0.1", rooms.port()))
                     .protocol(RoomProto.getDescriptor()).connect().get(10, TimeUnit.SECONDS)) {
            byte[] ticket = new TicketSigner(SECRET, 60_000, Clock.systemUTC()).issue(42, "metered", 1);
            assertTrue(request(client, EnterRequest.newBuilder().setTicket(com.google.protobuf.ByteString.copyFrom(ticket))
                    .build(), EnterResponse.class).getResult() == RoomResult.ROOM_RESULT_OK);
            CreateRoomResponse created = request(client, CreateRoomRequest.newBuilder().setName("hall").build(),
                    CreateRoomResponse.class);
            assertEquals(RoomResult.ROOM_RESULT_OK, created.getResult());
            assertEquals(RoomResult.ROOM_RESULT_OK, request(client, JoinRoomRequest.newBuilder()
                    .setRoomId(created.getRoom().getRoomId()).build(), JoinRoomResponse.class).getResult());
            URI uri = URI.create("http://127.0.0.1:" + http.address().getPort() + "/metrics");
            // The counts are taken after each tick: wait for ticks after the join rather than for a time.
            long joinedAt = rooms.ticks();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (rooms.ticks() < joinedAt + TICKS && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            List<PrometheusText.Sample> samples = PrometheusText.scrape(uri);

            assertEquals(1, PrometheusText.value(samples, "sample_rooms", ROOM));
            assertEquals(1, PrometheusText.value(samples, "sample_room_players_seated", ROOM));
            assertEquals(1, PrometheusText.value(samples, "sample_room_players", ROOM));
            double ticks = PrometheusText.value(samples, "sample_room_ticks_total", ROOM);
            assertTrue(ticks >= joinedAt + TICKS, "ticks " + ticks);
            double timedTicks = PrometheusText.value(samples, "sample_room_tick_duration_seconds_count", ROOM);
            assertTrue(timedTicks >= joinedAt + TICKS, "every tick's duration is recorded: " + timedTicks);
            assertTrue(PrometheusText.value(samples, "sample_room_tick_lateness_seconds_bucket",
                    Map.of("server", "room", "le", "+Inf")) >= joinedAt + TICKS, "every tick's lateness is recorded");
            assertEquals(13, samples.stream().filter(s -> s.name().equals("sample_room_tick_lateness_seconds_bucket"))
                    .count(), "twelve bounds, 50 µs to 250 ms, and +Inf");
            // Present; its value depends on how busy the machine is (a loop more than 3 periods behind skips).
            assertTrue(PrometheusText.value(samples, "sample_room_ticks_skipped_total", ROOM) >= 0);
            assertTrue(PrometheusText.value(samples, "gameport_connections_opened_total", ROOM) >= 1,
                    "Gameport's meters are in the same scrape");
        } finally {
            rooms.close();
        }
        assertEquals(List.of(), registry.getMeters().stream().map(m -> m.getId().getName()).distinct().toList(),
                "a closed room server leaves no meter behind");
    }

    private static <T extends com.google.protobuf.Message> T request(GameClient client, com.google.protobuf.Message request,
                                                                   Class<T> type) throws Exception {
        return client.request(request, type).get(10, TimeUnit.SECONDS);
    }
}

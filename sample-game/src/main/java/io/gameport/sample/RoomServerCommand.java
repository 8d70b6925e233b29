package io.gameport.sample;

import io.gameport.net.SendQuotaPolicy;
import io.gameport.net.SendQuotaSettings;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import io.gameport.tls.TlsContext;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code room-server}: rooms, chat and movement at a fixed tick. */
@Command(name = "room-server", sortOptions = false,
        header = "Rooms, chat and movement at a fixed tick.",
        description = "A player who reconnects within the grace period keeps the place."
                + " On SIGTERM or POST /admin/drain it drains: stops accepting, serves its players until they leave or --drain-seconds pass, exits 0.")
final class RoomServerCommand implements Callable<Integer> {

    @Range(min = 0, max = 65535)
    @Option(names = "--port", paramLabel = "P", description = "Port to listen on (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port = 7200;

    @Range(min = 1, max = 1000)
    @Option(names = "--tick-hz", paramLabel = "H", description = "Room ticks per second. Default: ${DEFAULT-VALUE}.")
    int tickHz = RoomServerConfig.DEFAULT_TICK_HZ;

    @Range(min = 1, max = 500)
    @Option(names = "--room-size", paramLabel = "R", description = "Players per room. Default: ${DEFAULT-VALUE}.")
    int roomSize = 50;

    @Range(min = 0, max = 3_600_000)
    @Option(names = "--grace-ms", paramLabel = "MS", description = "How long a dropped player's place is kept for a reconnect. Default: ${DEFAULT-VALUE}.")
    int graceMs = 10_000;

    @Option(names = "--slow-client", paramLabel = "POLICY", defaultValue = "disconnect",
            description = "What happens to a player whose unsent messages pass the send quota: disconnect, drop or reject. Default: ${DEFAULT-VALUE}.")
    SendQuotaPolicy slowClient;

    @Mixin
    TicketSecretOption ticketSecret;
    @Mixin
    ServerTransportOptions transport;
    @Mixin
    DrainOptions drain;
    @Mixin
    TlsServerOptions tls;
    @Mixin
    MetricsOptions metrics;
    @Mixin
    AdminOptions admin;
    @Mixin
    HelpOption help;

    /** The server these options describe (reads the ticket secret). */
    RoomServerConfig config() throws IOException {
        RoomSettings rooms = RoomSettings.defaults().withDefaultCapacity(roomSize).withReconnectGraceMs(graceMs);
        return new RoomServerConfig(transport.listenAddress(port),
                transport.settings().withSendQuota(SendQuotaSettings.defaults().withPolicy(slowClient)), tickHz, rooms,
                ticketSecret.secret());
    }

    @Override
    public Integer call() throws Exception {
        SampleMetrics.Request metricsRequest = admin.request(metrics.request());
        RoomServerConfig config = config();
        RoomSettings rooms = config.rooms();
        TlsContext tlsContext = tls.context();
        SampleMetrics opened = metricsRequest.open();
        RoomServer server = opened.start("room", module -> RoomServer.start(config, tlsContext, module));
        opened.ready("room", server::notReadyReason);
        ServerRun run = new ServerRun(server, drain.deadline(), "room-server");
        opened.drainWith(run);
        System.out.println("room-server listening on port " + server.port() + " (" + TlsServerOptions.note(tlsContext) + ", backend "
                + server.backendName() + ", " + config.tickHz() + " Hz, rooms of " + rooms.defaultCapacity() + ", reconnect grace "
                + rooms.reconnectGraceMs() + " ms, slow clients: " + slowClient.name().toLowerCase(Locale.ROOT) + ", "
                + opened.note() + ")");
        System.out.flush();
        try {
            run.untilDrainedOrStopped();
        } finally {
            opened.close();
        }
        return 0;
    }
}

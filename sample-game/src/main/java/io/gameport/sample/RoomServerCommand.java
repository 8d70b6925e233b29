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
        description = "A dropped connection's session is resumed within --resume-grace-ms, losing nothing; after it a player"
                + " who reconnects within --grace-ms keeps the place."
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

    @Range(min = 0, max = 3_600_000)
    @Option(names = "--resume-grace-ms", paramLabel = "MS", description = "How long a dropped connection's session is kept for"
            + " its client to resume it, losing nothing (0: sessions are not resumable). Default: ${DEFAULT-VALUE}.")
    long resumeGraceMs = RoomServerConfig.DEFAULT_RESUME_GRACE_MS;

    @Option(names = "--slow-client", paramLabel = "POLICY", defaultValue = "disconnect",
            description = "What happens to a player whose unsent messages pass the send quota: disconnect, drop or reject. Default: ${DEFAULT-VALUE}.")
    SendQuotaPolicy slowClient;

    @Option(names = "--server-id", paramLabel = "ID",
            description = "With --redis: this server's id in the directory (A-Z a-z 0-9 _ . -; keep it across restarts). Default: room-<port>.")
    String serverId;

    @Option(names = "--public-address", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "With --redis: where the login server sends players to reach this server. Default: 127.0.0.1:<port>.")
    java.net.InetSocketAddress publicAddress;

    @Range(min = 1, max = 10_000_000)
    @Option(names = "--capacity", paramLabel = "N", description = "With --redis: players this server seats before the directory places them elsewhere. Default: ${DEFAULT-VALUE}.")
    int capacity = io.gameport.sample.room.RoomDirectoryLink.DEFAULT_CAPACITY;

    @Mixin
    DirectoryOptions directory;
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
                ticketSecret.secret()).withResumeGraceMs(resumeGraceMs);
    }

    /** The directory membership these options ask for, or null (standalone); needs the bound port when none was given. */
    io.gameport.sample.room.RoomDirectoryLink directoryLink(io.gameport.sample.directory.RoomDirectory opened) {
        if (opened == null) {
            return null;
        }
        String id = serverId != null ? serverId : "room-" + port;
        String host = publicAddress != null ? publicAddress.getHostString() : "127.0.0.1";
        int publicPort = publicAddress != null ? publicAddress.getPort() : 0;
        try {
            return new io.gameport.sample.room.RoomDirectoryLink(opened, id, host, publicPort, capacity);
        } catch (IllegalArgumentException e) {
            throw new UsageException("room-server: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!directory.requested() && (serverId != null || publicAddress != null)) {
            throw new UsageException("room-server: --server-id and --public-address are for a room directory: give --redis URL");
        }
        SampleMetrics.Request metricsRequest = admin.request(metrics.request());
        RoomServerConfig config = config();
        io.gameport.sample.directory.RoomDirectory store = directory.requested() ? directory.open("room-server") : null;
        io.gameport.sample.room.RoomDirectoryLink link = directoryLink(store);
        RoomSettings rooms = config.rooms();
        TlsContext tlsContext = tls.context();
        SampleMetrics opened = metricsRequest.open();
        RoomServer server = opened.start("room", module -> RoomServer.start(config, tlsContext, module, link));
        opened.ready("room", server::notReadyReason);
        ServerRun run = new ServerRun(server, drain.deadline(), "room-server");
        opened.drainWith(run);
        System.out.println("room-server listening on port " + server.port() + " (" + TlsServerOptions.note(tlsContext) + ", backend "
                + server.backendName() + ", " + config.tickHz() + " Hz, rooms of " + rooms.defaultCapacity() + ", reconnect grace "
                + rooms.reconnectGraceMs() + " ms, resume grace " + config.resumeGraceMs() + " ms, slow clients: "
                + slowClient.name().toLowerCase(Locale.ROOT) + ", "
                + opened.note() + (link == null ? "" : ", directory " + directory.redis + " as " + link.serverId()
                + " for up to " + link.capacity() + " players") + ")");
        System.out.flush();
        try {
            run.untilDrainedOrStopped();
        } finally {
            opened.close();
            if (link != null) {
                link.directory().close();
            }
        }
        return 0;
    }
}

package io.gameport.sample;

import io.gameport.net.SendQuotaSettings;
import io.gameport.net.SendQuotaPolicy;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code room-server}: rooms, chat and movement at a fixed tick. See {@link Main}'s usage text for options. */
final class RoomServerCommand {

    private RoomServerCommand() {
    }

    static int run(List<String> args) throws Exception {
        CommandLine options = new CommandLine("room-server", args, ServerOptions.serverOptions(Set.of("--port", "--bind", "--transport", ServerOptions.DRAIN_OPTION,
                "--workers", "--tick-hz", "--room-size", "--grace-ms", "--ticket-secret-file", "--slow-client")), Set.of());
        java.time.Duration drainDeadline = ServerOptions.drainDeadline(options);
        SampleMetrics.Request metricsRequest = SampleMetrics.parse(options, "room-server");
        SendQuotaPolicy policy;
        try {
            policy = SendQuotaPolicy.valueOf(options.string("--slow-client", "disconnect").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.UsageException("room-server: --slow-client must be reject, drop or disconnect");
        }
        RoomSettings rooms = RoomSettings.defaults().withDefaultCapacity(options.integer("--room-size", 50, 1, 500))
                .withReconnectGraceMs(options.integer("--grace-ms", 10_000, 0, 3_600_000));
        RoomServerConfig config = new RoomServerConfig(
                new InetSocketAddress(options.string("--bind", "0.0.0.0"), options.integer("--port", 7200, 0, 65535)),
                ServerOptions.transport(options).withSendQuota(SendQuotaSettings.defaults().withPolicy(policy)),
                options.integer("--tick-hz", RoomServerConfig.DEFAULT_TICK_HZ, 1, 1000), rooms,
                ServerOptions.ticketSecret(options, "room-server"));
        io.gameport.tls.TlsContext tls = ServerOptions.serverTls(options, "room-server");
        SampleMetrics metrics = metricsRequest.open();
        RoomServer server = metrics.start("room", module -> RoomServer.start(config, tls, module));
        metrics.ready("room", server::isReady);
        System.out.println("room-server listening on port " + server.port() + " (" + ServerOptions.tlsNote(tls) + ", backend " + server.backendName() + ", "
                + config.tickHz() + " Hz, rooms of " + rooms.defaultCapacity() + ", reconnect grace "
                + rooms.reconnectGraceMs() + " ms, slow clients: " + policy.name().toLowerCase(Locale.ROOT) + ", "
                + metrics.note() + ")");
        System.out.flush();
        try {
            ServerOptions.runUntilDrainedOrStopped(server, drainDeadline, "room-server");
        } finally {
            metrics.close();
        }
        return 0;
    }
}

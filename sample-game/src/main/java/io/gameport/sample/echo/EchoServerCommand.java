package io.gameport.sample.echo;

import io.gameport.transport.Backend;
import io.gameport.log.PeerLogs;
import io.gameport.dispatch.WaitStrategyKind;
import io.gameport.metrics.MeterSet;
import io.gameport.metrics.MetricsSettings;
import io.gameport.metrics.ServerMeters;
import io.gameport.net.TransportSettings;
import io.gameport.net.TransportServer;
import io.gameport.sample.CommandLine;
import io.gameport.sample.SampleMetrics;
import io.gameport.sample.ServerOptions;
import io.gameport.server.GameServer;
import io.gameport.transport.ErrorMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code echo-server --port P [--transport auto|io_uring|nio2|iocp] [--workers N] [--max-frame-bytes B]
 * [--max-connections N] [--max-connections-per-address N] [--idle-timeout-ms N]
 * [--dispatch [--shards N] [--wait-strategy sleeping|parking|sleeping_then_parking|blocking|lite_blocking|yielding|busy_spin]]}:
 * the server the benchmark drives. Without {@code --dispatch} the I/O worker echoes each frame
 * itself; with it every frame takes the whole game pipeline (Disruptor ring, session shard,
 * pass-through codec, send quota), see {@link DispatchEchoServer}. Prints one line when it listens, runs until killed, and
 * closes every connection cleanly on SIGTERM. {@code --idle-timeout-ms} closes connections that sent nothing for
 * that long (off by default).
 */
public final class EchoServerCommand {

    /** Frames up to 1 MiB by default: the benchmark sends frames far larger than a game's. */
    static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    private EchoServerCommand() {
    }

    public static int run(List<String> args) throws Exception {
        CommandLine options = new CommandLine("echo-server", args,
                ServerOptions.serverOptions(Set.of("--port", "--transport", "--workers", "--max-frame-bytes", "--bind", "--shards",
                        "--wait-strategy", "--idle-timeout-ms")),
                Set.of("--dispatch"));
        SampleMetrics.Request metricsRequest = SampleMetrics.parse(options, "echo-server");
        int port = options.integer("--port", 7000, 0, 65535);
        TransportSettings config = ServerOptions.connectionCaps(options, TransportSettings.defaults()
                .withBackend(Backend.fromId(options.string("--transport", "auto")))
                .withWorkers(options.integer("--workers", Runtime.getRuntime().availableProcessors(), 1, 256))
                .withIdleTimeoutMs(options.integer("--idle-timeout-ms", 0, 4, Integer.MAX_VALUE)));
        int maxFrameBytes = options.integer("--max-frame-bytes", DEFAULT_MAX_FRAME_BYTES, 0, Integer.MAX_VALUE);
        InetSocketAddress bind = new InetSocketAddress(options.string("--bind", "0.0.0.0"), port);
        io.gameport.tls.TlsContext tls = ServerOptions.serverTls(options, "echo-server");
        SampleMetrics metrics = metricsRequest.open();
        if (options.flag("--dispatch")) {
            return runDispatch(options, config, maxFrameBytes, bind, tls, metrics);
        }
        PeerLogs logs = PeerLogs.defaults();
        ErrorMetrics errors = new ErrorMetrics(logs);
        TransportServer server;
        try {
            server = TransportServer.start(config, maxFrameBytes, bind, new EchoHandler(), errors, logs, tls);
        } catch (IOException | RuntimeException e) {
            metrics.close();
            throw e;
        }
        MeterSet meters = metrics.registry() == null ? null
                : ServerMeters.registerTransport(metrics.registry(), new MetricsSettings("echo"), server.workers(), errors);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (meters != null) {
                meters.close();
            }
            metrics.close();
            stopped.countDown();
        }, "echo-server-shutdown"));
        System.out.println("echo-server listening on port " + server.port() + " (" + (tls == null ? "plaintext" : "TLS")
                + ", backend " + server.backendName() + ", workers " + config.workers() + ", " + metrics.note() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static int runDispatch(CommandLine options, TransportSettings config, int maxFrameBytes, InetSocketAddress bind,
                                   io.gameport.tls.TlsContext tls, SampleMetrics metrics) throws Exception {
        int shards = options.integer("--shards", 1, 1, 1024);
        String strategy = options.string("--wait-strategy", "sleeping_then_parking");
        WaitStrategyKind waitStrategy;
        try {
            waitStrategy = WaitStrategyKind.valueOf(strategy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.UsageException("echo-server: --wait-strategy must be one of sleeping, parking, sleeping_then_parking, blocking,"
                    + " lite_blocking, yielding, busy_spin; was " + strategy);
        }
        GameServer server = metrics.start("echo",
                module -> DispatchEchoServer.create(bind, config, maxFrameBytes, shards, waitStrategy, module).useTls(tls).start());
        metrics.ready("echo", server::isReady);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(2));
            metrics.close();
            stopped.countDown();
        }, "echo-server-shutdown"));
        System.out.println("echo-server listening on port " + server.port() + " (" + (tls == null ? "plaintext" : "TLS")
                + ", backend " + server.backendName() + ", workers " + config.workers() + ", dispatch through " + shards + " shard(s), wait strategy "
                + strategy + ", " + metrics.note() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}

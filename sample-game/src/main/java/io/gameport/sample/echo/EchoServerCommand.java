package io.gameport.sample.echo;

import io.gameport.log.PeerLogs;
import io.gameport.dispatch.WaitStrategyKind;
import io.gameport.metrics.MeterSet;
import io.gameport.metrics.MetricsSettings;
import io.gameport.metrics.ServerMeters;
import io.gameport.net.TransportSettings;
import io.gameport.net.TransportServer;
import io.gameport.sample.HelpOption;
import io.gameport.sample.MetricsOptions;
import io.gameport.sample.Range;
import io.gameport.sample.SampleMetrics;
import io.gameport.sample.ServerTransportOptions;
import io.gameport.sample.TlsServerOptions;
import io.gameport.server.GameServer;
import io.gameport.transport.ErrorMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code echo-server}: the server the benchmark drives. Without {@code --dispatch} the I/O worker
 * echoes each frame itself; with it every frame takes the whole game pipeline (Disruptor ring,
 * session shard, pass-through codec, send quota), see {@link DispatchEchoServer}. Prints one line
 * when it listens, runs until killed, and closes every connection cleanly on SIGTERM.
 */
@Command(name = "echo-server", sortOptions = false,
        header = "Echoes every length-prefixed frame back (the benchmark's server).",
        description = "--dispatch sends each frame through the whole pipeline (ring, shard, codec, send quota)."
                + " Runs until killed; SIGTERM closes every connection.")
public final class EchoServerCommand implements Callable<Integer> {

    /** Frames up to 1 MiB by default: the benchmark sends frames far larger than a game's. */
    static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    @Range(min = 0, max = 65535)
    @Option(names = "--port", paramLabel = "P", description = "Port to listen on (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port = 7000;

    @Range(min = 0)
    @Option(names = "--max-frame-bytes", paramLabel = "B", description = "Largest frame accepted; a larger one closes the connection. Default: ${DEFAULT-VALUE}.")
    int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;

    @Range(min = 4)
    @Option(names = "--idle-timeout-ms", paramLabel = "MS", description = "Close connections that sent nothing for this long. Default: none (off).")
    int idleTimeoutMs = 0;

    @Option(names = "--dispatch", description = "Send each frame through the whole pipeline instead of echoing it on the I/O worker. Default: off.")
    boolean dispatch;

    @Range(min = 1, max = 1024)
    @Option(names = "--shards", paramLabel = "N", description = "Session shards, with --dispatch. Default: ${DEFAULT-VALUE}.")
    int shards = 1;

    @Option(names = "--wait-strategy", paramLabel = "S", defaultValue = "sleeping_then_parking",
            description = "How idle shards wait, with --dispatch: sleeping, parking, sleeping_then_parking, blocking, lite_blocking,"
                    + " yielding or busy_spin. Default: ${DEFAULT-VALUE}.")
    WaitStrategyKind waitStrategy;

    @Mixin
    ServerTransportOptions transport;
    @Mixin
    TlsServerOptions tls;
    @Mixin
    MetricsOptions metrics;
    @Mixin
    HelpOption help;

    /** The transport these options describe. */
    public TransportSettings transportSettings() {
        return transport.settings().withIdleTimeoutMs(idleTimeoutMs);
    }

    @Override
    public Integer call() throws Exception {
        SampleMetrics.Request metricsRequest = metrics.request();
        TransportSettings config = transportSettings();
        InetSocketAddress bind = transport.listenAddress(port);
        io.gameport.tls.TlsContext tls = this.tls.context();
        SampleMetrics metrics = metricsRequest.open();
        if (dispatch) {
            return runDispatch(config, bind, tls, metrics);
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

    private int runDispatch(TransportSettings config, InetSocketAddress bind, io.gameport.tls.TlsContext tls,
                            SampleMetrics metrics) throws Exception {
        String strategy = waitStrategy.name().toLowerCase(Locale.ROOT);
        GameServer server = metrics.start("echo",
                module -> DispatchEchoServer.create(bind, config, maxFrameBytes, shards, waitStrategy, module).useTls(tls).start());
        metrics.ready("echo", server::notReadyReason);
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

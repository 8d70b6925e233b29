package io.gameport.sample.echo;

import io.gameport.net.TransportConfig;
import io.gameport.net.TransportServer;
import io.gameport.sample.CommandLine;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code echo-server --port P [--transport auto|io_uring|nio2|iocp] [--workers N] [--max-frame-bytes B]}:
 * the server the benchmark drives. Prints one line when it listens, runs until killed, and
 * closes every connection cleanly on SIGTERM.
 */
public final class EchoServerCommand {

    private EchoServerCommand() {
    }

    public static int run(List<String> args) throws Exception {
        CommandLine options = new CommandLine("echo-server", args,
                Set.of("--port", "--transport", "--workers", "--max-frame-bytes", "--bind"), Set.of());
        int port = options.integer("--port", 7000, 0, 65535);
        TransportConfig config = TransportConfig.defaults()
                .withBackend(options.string("--transport", "auto"))
                .withWorkers(options.integer("--workers", Runtime.getRuntime().availableProcessors(), 1, 256))
                .withMaxFrameBytes(options.integer("--max-frame-bytes", TransportConfig.DEFAULT_MAX_FRAME_BYTES, 0, Integer.MAX_VALUE));
        TransportServer server = TransportServer.start(config, new InetSocketAddress(options.string("--bind", "0.0.0.0"), port),
                new EchoHandler());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "echo-server-shutdown"));
        System.out.println("echo-server listening on port " + server.port() + " (backend " + server.backendName()
                + ", workers " + config.workers() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}

package io.gameport.sample;

import io.gameport.net.TransportSettings;
import io.gameport.transport.Backend;
import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/**
 * Where and how a server command listens ({@code login-server}, {@code room-server},
 * {@code echo-server}): {@code --bind}, {@code --transport}, {@code --workers} and the connection
 * caps. Each command keeps its own {@code --port}, whose default differs.
 */
public final class ServerTransportOptions {

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--transport", paramLabel = "T", defaultValue = "auto",
            description = "Completion backend: auto, io_uring, nio2 or iocp. Default: ${DEFAULT-VALUE}.")
    Backend transport;

    @Range(min = 1, max = 256)
    @Option(names = "--workers", paramLabel = "N", description = "I/O worker threads (1..256). Default: the number of cores, ${DEFAULT-VALUE} here.")
    int workers = Runtime.getRuntime().availableProcessors();

    @Range(min = 1)
    @Option(names = "--max-connections", paramLabel = "N", description = "Open connections the server accepts at once. Default: ${DEFAULT-VALUE}.")
    int maxConnections = TransportSettings.DEFAULT_MAX_CONNECTIONS;

    /** Loopback is not exempt: bots run on one machine against separately started servers need it raised. */
    @Range(min = 1)
    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Open connections from one address (loopback is not exempt: raise it for bots on this machine). Default: ${DEFAULT-VALUE}.")
    int maxConnectionsPerAddress = TransportSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;

    /** The transport these options describe. */
    public TransportSettings settings() {
        return TransportSettings.defaults().withBackend(transport).withWorkers(workers)
                .withMaxConnections(maxConnections).withMaxConnectionsPerAddress(maxConnectionsPerAddress);
    }

    /** {@code --bind} with the command's port. */
    public InetSocketAddress listenAddress(int port) {
        return new InetSocketAddress(bind, port);
    }
}

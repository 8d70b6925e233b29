package io.gameport.sample;

import io.gameport.transport.Backend;
import io.gameport.net.TransportSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Options the server commands share: transport, the ticket secret, host:port parsing, and running until killed. */
public final class ServerOptions {

    static final String SECRET_ENV = "GAMEPORT_TICKET_SECRET";

    private ServerOptions() {
    }

    /** The options every server command takes for its connection caps. */
    static final Set<String> CONNECTION_CAP_OPTIONS = Set.of("--max-connections", "--max-connections-per-address");

    /** A command's own value options plus the connection caps every server command takes. */
    public static Set<String> withConnectionCaps(Set<String> valueOptions) {
        Set<String> all = new HashSet<>(valueOptions);
        all.addAll(CONNECTION_CAP_OPTIONS);
        return all;
    }

    /** The options a TLS server takes: its certificate chain and private key, both PEM. */
    public static final Set<String> TLS_SERVER_OPTIONS = Set.of("--tls-cert", "--tls-key");

    /** A command's own value options plus the connection caps, the TLS server options and the metrics port. */
    public static Set<String> serverOptions(Set<String> valueOptions) {
        Set<String> all = withConnectionCaps(valueOptions);
        all.addAll(TLS_SERVER_OPTIONS);
        all.addAll(SampleMetrics.OPTIONS);
        return all;
    }

    /**
     * {@code --tls-cert CHAIN.pem --tls-key KEY.pem} (PKCS#8): the server speaks TLS; neither: plaintext.
     * A missing file, a key that does not match, an expired certificate fail here, naming the file.
     */
    public static io.gameport.tls.TlsContext serverTls(CommandLine options, String command) {
        String cert = options.string("--tls-cert", null);
        String key = options.string("--tls-key", null);
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw new CommandLine.UsageException(command + ": --tls-cert and --tls-key go together");
        }
        try {
            return io.gameport.tls.TlsContext.server(io.gameport.tls.TlsSettings.defaults(),
                    io.gameport.tls.KeyMaterial.fromPem(Path.of(cert), Path.of(key)), null);
        } catch (io.gameport.tls.TlsConfigException e) {
            throw new CommandLine.UsageException(command + ": " + e.getMessage());
        }
    }

    /** {@code --tls-trust ROOTS.pem}: the client speaks TLS and trusts these roots; absent: plaintext. */
    public static io.gameport.tls.TlsContext clientTls(CommandLine options, String command) {
        String trust = options.string("--tls-trust", null);
        if (trust == null) {
            return null;
        }
        try {
            return io.gameport.tls.TlsContext.client(io.gameport.tls.TlsSettings.defaults(),
                    io.gameport.tls.TrustRoots.fromPem(Path.of(trust)), null);
        } catch (io.gameport.tls.TlsConfigException e) {
            throw new CommandLine.UsageException(command + ": " + e.getMessage());
        }
    }

    static String tlsNote(io.gameport.tls.TlsContext tls) {
        return tls == null ? "plaintext" : "TLS";
    }

    static TransportSettings transport(CommandLine options) {
        return connectionCaps(options, TransportSettings.defaults().withBackend(Backend.fromId(options.string("--transport", "auto")))
                .withWorkers(options.integer("--workers", Runtime.getRuntime().availableProcessors(), 1, 256)));
    }

    /**
     * {@code --max-connections N} and {@code --max-connections-per-address N}. Loopback is not
     * exempt: bots run on the same machine against these servers need the per-address cap raised.
     */
    public static TransportSettings connectionCaps(CommandLine options, TransportSettings config) {
        return config.withMaxConnections(options.integer("--max-connections", config.maxConnections(), 1, Integer.MAX_VALUE))
                .withMaxConnectionsPerAddress(options.integer("--max-connections-per-address", config.maxConnectionsPerAddress(),
                        1, Integer.MAX_VALUE));
    }

    /**
     * The secret both servers share: the file named by {@code --ticket-secret-file}, else the
     * environment variable GAMEPORT_TICKET_SECRET. Never a built-in default: a guessable secret
     * lets anyone mint tickets.
     */
    static byte[] ticketSecret(CommandLine options, String command) throws IOException {
        String file = options.string("--ticket-secret-file", null);
        byte[] secret;
        if (file != null) {
            secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } else {
            String value = System.getenv(SECRET_ENV);
            if (value == null) {
                throw new CommandLine.UsageException(command + ": give the ticket secret shared with the other server with"
                        + " --ticket-secret-file FILE or the environment variable " + SECRET_ENV + " (32 bytes or more)");
            }
            secret = value.getBytes(StandardCharsets.UTF_8);
        }
        if (secret.length < 32) {
            throw new CommandLine.UsageException(command + ": the ticket secret must be at least 32 bytes, was " + secret.length);
        }
        return secret;
    }

    static InetSocketAddress hostPort(String value, String command, String option) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.UsageException(command + ": " + option + " must be HOST:PORT, was " + value);
        }
        try {
            return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.UsageException(command + ": " + option + " must be HOST:PORT, was " + value);
        }
    }

    /** {@code --drain-seconds N}: how long a server serves its connected players after SIGTERM. */
    static final String DRAIN_OPTION = "--drain-seconds";
    static final int DEFAULT_DRAIN_SECONDS = 5;
    /** A drain's deadline is a hang guard for rolling restarts: an hour is already longer than any orchestrator waits. */
    static final int MAX_DRAIN_SECONDS = 3600;

    static Duration drainDeadline(CommandLine options) {
        return Duration.ofSeconds(options.integer(DRAIN_OPTION, DEFAULT_DRAIN_SECONDS, 0, MAX_DRAIN_SECONDS));
    }

    /**
     * Blocks until the JVM is asked to stop. SIGTERM drains {@code server} (new players refused,
     * connected ones served until they leave or {@code drainDeadline}), closes it and returns, so
     * the process exits 0 as orchestrators expect of a clean stop; any other stop (Ctrl-C, the
     * end of the JVM) closes it from a shutdown hook as before.
     */
    static void runUntilDrainedOrStopped(DrainableServer server, Duration drainDeadline, String name)
            throws InterruptedException {
        CountDownLatch wake = new CountDownLatch(1);
        AtomicBoolean closedByHook = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            close(server);
            closedByHook.set(true);
            wake.countDown();
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The JVM's own SIGTERM handler runs the shutdown hooks and exits 143; this one lets main drain first.
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> wake.countDown());
        wake.await();
        if (closedByHook.get()) {
            return;
        }
        System.out.println(name + " draining for up to " + drainDeadline.toSeconds() + " s");
        System.out.flush();
        try {
            server.drain(drainDeadline).join();
        } finally {
            if (Runtime.getRuntime().removeShutdownHook(hook)) {
                close(server);
            }
        }
        System.out.println(name + " drained");
        System.out.flush();
    }

    private static void close(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            e.printStackTrace(System.err);
        }
    }
}

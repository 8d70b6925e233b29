package io.gameport.sample;

import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.account.PasswordHasher;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.tls.TlsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code login-server}: accounts, password checks and tickets. */
@Command(name = "login-server", sortOptions = false,
        header = "Accounts, password checks and signed tickets for the room server.",
        description = "Accounts live in embedded H2 in ./gameport-data by default, or behind any JDBC URL (PostgreSQL for production)."
                + " On SIGTERM or POST /admin/drain it drains: stops accepting, serves its players until they leave or --drain-seconds pass, exits 0.")
final class LoginServerCommand implements Callable<Integer> {

    @Range(min = 0, max = 65535)
    @Option(names = "--port", paramLabel = "P", description = "Port to listen on (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port = 7100;

    @Option(names = "--room-server", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7200", converter = HostPortConverter.class,
            description = "The room server players are sent to with their ticket. Default: ${DEFAULT-VALUE}.")
    InetSocketAddress roomServer;

    @Option(names = "--db-url", paramLabel = "JDBC", description = "Account database (any JDBC URL). Default: ${DEFAULT-VALUE}.")
    String dbUrl = AccountStoreConfig.DEFAULT_JDBC_URL;

    @Option(names = "--db-user", paramLabel = "U", description = "Account database user. Default: ${DEFAULT-VALUE}.")
    String dbUser = "sa";

    @Option(names = "--db-password", paramLabel = "P", description = "Account database password. Default: empty.")
    String dbPassword = "";

    @Range(min = 1, max = 10_000_000)
    @Option(names = "--hash-iterations", paramLabel = "I", description = "PBKDF2 iterations of new password hashes. Default: ${DEFAULT-VALUE}.")
    int hashIterations = PasswordHasher.DEFAULT_ITERATIONS;

    @Range(min = 1, max = 1024)
    @Option(names = "--work-threads", paramLabel = "N",
            description = "Password-hashing threads (hash-rate sizes them). Default: the number of cores, ${DEFAULT-VALUE} here.")
    int workThreads = Runtime.getRuntime().availableProcessors();

    @Range(min = 1, max = 1_000_000)
    @Option(names = "--work-queue", paramLabel = "Q", description = "Password checks waiting for a thread before players are told busy. Default: ${DEFAULT-VALUE}.")
    int workQueue = 256;

    @Range(min = 1, max = 86_400)
    @Option(names = "--ticket-lifetime-s", paramLabel = "S", description = "How long a ticket admits its player to the room server. Default: ${DEFAULT-VALUE}.")
    int ticketLifetimeSeconds = (int) (LoginServerConfig.DEFAULT_TICKET_LIFETIME_MS / 1000);

    @Range(min = 1, max = 1_000_000)
    @Option(names = "--attempts-per-s", paramLabel = "R", description = "Login and register attempts per second from one address. Default: ${DEFAULT-VALUE}.")
    int attemptsPerSecond = 5;

    @Range(min = 1, max = 1_000_000)
    @Option(names = "--attempt-burst", paramLabel = "B", description = "Attempts one address may make at once above that rate. Default: ${DEFAULT-VALUE}.")
    int attemptBurst = 20;

    @Mixin
    DirectoryOptions directory;
    @Mixin
    TicketSecretOption ticketSecret;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
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
    LoginServerConfig config() throws IOException {
        AccountStoreConfig accounts = AccountStoreConfig.defaults().withJdbcUrl(dbUrl).withCredentials(dbUser, dbPassword)
                .withHashIterations(hashIterations);
        return new LoginServerConfig(transport.listenAddress(port), transport.settings(), accounts, workThreads, workQueue,
                ticketSecret.secret(), ticketLifetimeSeconds * 1000L, attemptsPerSecond, attemptBurst,
                roomServer.getHostString(), roomServer.getPort());
    }

    @Override
    public Integer call() throws Exception {
        if (directory.requested() && spec.commandLine().getParseResult().hasMatchedOption("--room-server")) {
            throw new UsageException("login-server: --room-server and --redis exclude each other: with a room directory"
                    + " players go to the room servers registered there");
        }
        SampleMetrics.Request metricsRequest = admin.request(metrics.request());
        LoginServerConfig config = config();
        io.gameport.sample.directory.RoomDirectory store = directory.requested() ? directory.open("login-server") : null;
        AccountStoreConfig accounts = config.accounts();
        TlsContext tlsContext = tls.context();
        SampleMetrics opened = metricsRequest.open();
        LoginServer server = opened.start("login", module -> LoginServer.start(config, tlsContext, module, store));
        opened.ready("login", server::notReadyReason);
        if (opened.serving()) {
            opened.ready("account-database", server.accountDatabaseReadiness());
        }
        ServerRun run = new ServerRun(server, drain.deadline(), "login-server");
        opened.drainWith(run);
        System.out.println("login-server listening on port " + server.port() + " (" + TlsServerOptions.note(tlsContext) + ", backend "
                + server.backendName() + ", accounts in " + accounts.jdbcUrl() + ", " + accounts.hashIterations() + " PBKDF2 iterations,"
                + (store == null ? " room server " + roomServer.getHostString() + ":" + roomServer.getPort()
                        : " room servers from the directory on " + directory.redis) + ", " + opened.note() + ")");
        System.out.flush();
        try {
            run.untilDrainedOrStopped();
        } finally {
            opened.close();
            if (store != null) {
                store.close();
            }
        }
        return 0;
    }
}

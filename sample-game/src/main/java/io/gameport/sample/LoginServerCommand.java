package io.gameport.sample;

import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.account.PasswordHasher;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/** {@code login-server}: accounts, password checks and tickets. See {@link Main}'s usage text for options. */
final class LoginServerCommand {

    private LoginServerCommand() {
    }

    static int run(List<String> args) throws Exception {
        CommandLine options = new CommandLine("login-server", args, ServerOptions.serverOptions(Set.of("--port", "--bind", "--transport", ServerOptions.DRAIN_OPTION,
                "--workers", "--db-url", "--db-user", "--db-password", "--hash-iterations", "--work-threads", "--work-queue",
                "--ticket-secret-file", "--ticket-lifetime-s", "--room-server", "--attempts-per-s", "--attempt-burst")), Set.of());
        java.time.Duration drainDeadline = ServerOptions.drainDeadline(options);
        SampleMetrics.Request metricsRequest = SampleMetrics.parse(options, "login-server");
        InetSocketAddress room = ServerOptions.hostPort(options.string("--room-server", "127.0.0.1:7200"), "login-server",
                "--room-server");
        AccountStoreConfig accounts = AccountStoreConfig.defaults()
                .withJdbcUrl(options.string("--db-url", AccountStoreConfig.DEFAULT_JDBC_URL))
                .withCredentials(options.string("--db-user", "sa"), options.string("--db-password", ""))
                .withHashIterations(options.integer("--hash-iterations", PasswordHasher.DEFAULT_ITERATIONS, 1, 10_000_000));
        LoginServerConfig config = new LoginServerConfig(
                new InetSocketAddress(options.string("--bind", "0.0.0.0"), options.integer("--port", 7100, 0, 65535)),
                ServerOptions.transport(options), accounts,
                options.integer("--work-threads", Runtime.getRuntime().availableProcessors(), 1, 1024),
                options.integer("--work-queue", 256, 1, 1_000_000),
                ServerOptions.ticketSecret(options, "login-server"),
                options.integer("--ticket-lifetime-s", (int) (LoginServerConfig.DEFAULT_TICKET_LIFETIME_MS / 1000), 1, 86_400) * 1000L,
                options.integer("--attempts-per-s", 5, 1, 1_000_000), options.integer("--attempt-burst", 20, 1, 1_000_000),
                room.getHostString(), room.getPort());
        io.gameport.tls.TlsContext tls = ServerOptions.serverTls(options, "login-server");
        SampleMetrics metrics = metricsRequest.open();
        LoginServer server = metrics.start("login", module -> LoginServer.start(config, tls, module));
        metrics.ready("login", server::isReady);
        System.out.println("login-server listening on port " + server.port() + " (" + ServerOptions.tlsNote(tls) + ", backend " + server.backendName()
                + ", accounts in " + accounts.jdbcUrl() + ", " + accounts.hashIterations() + " PBKDF2 iterations,"
                + " room server " + room.getHostString() + ":" + room.getPort() + ", " + metrics.note() + ")");
        System.out.flush();
        try {
            ServerOptions.runUntilDrainedOrStopped(server, drainDeadline, "login-server");
        } finally {
            metrics.close();
        }
        return 0;
    }
}

package io.gameport.sample;

import io.gameport.sample.account.PasswordHasher;
import io.gameport.sample.soak.SoakOptions;
import io.gameport.sample.soak.SoakReport;
import io.gameport.sample.soak.SoakRunner;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code soak}, {@code bots} and {@code demo}: one runner, three faces. {@code soak} starts both
 * servers in this process unless {@code --login} is given; {@code bots} always goes to a given
 * login server; {@code demo} is a soak of 300 bots for 30 s with the defaults.
 */
final class SoakCommand {

    private static final Set<String> OPTIONS = Set.of("--bots", "--seconds", "--room-size", "--tick-hz", "--chat-every-ms",
            "--hash-iterations", "--login", "--prefix", "--progress-s", "--workers", "--transport", "--max-connections",
            "--max-connections-per-address", "--tls-trust", "--report", "--metrics-port", "--metrics-bind");
    private static final Set<String> FLAGS = Set.of("--no-tls");

    private SoakCommand() {
    }

    static int soak(List<String> args) throws Exception {
        return run("soak", new CommandLine("soak", args, OPTIONS, FLAGS), 200, 60, false, null);
    }

    static int bots(List<String> args) throws Exception {
        return run("bots", new CommandLine("bots", args, OPTIONS, FLAGS), 100, 60, true, null);
    }

    /**
     * The demo always writes its report: to {@code --report FILE}, or to a file in the system's
     * temporary directory named for the moment it started (not the current directory: run from a
     * checkout, that would litter the repository's top level).
     */
    static int demo(List<String> args) throws Exception {
        String started = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(LocalDateTime.now());
        String defaultReport = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                "gameport-demo-" + started + ".html").toString();
        return run("demo", new CommandLine("demo", args, OPTIONS, FLAGS), 300, 30, false, defaultReport);
    }

    private static int run(String command, CommandLine options, int defaultBots, int defaultSeconds, boolean needsLogin,
            String defaultReport) throws Exception {
        SampleMetrics.Request metricsRequest = SampleMetrics.parse(options, command);
        String login = options.string("--login", null);
        if (needsLogin && login == null) {
            throw new CommandLine.UsageException(command + ": --login HOST:PORT is required");
        }
        InetSocketAddress loginAddress = login == null ? null : ServerOptions.hostPort(login, command, "--login");
        SoakOptions soak = new SoakOptions(
                options.integer("--bots", defaultBots, 1, 1_000_000),
                options.integer("--seconds", defaultSeconds, 1, 7 * 86_400),
                options.integer("--room-size", 50, 1, 500),
                options.integer("--tick-hz", 20, 1, 1000),
                options.integer("--chat-every-ms", 3_000, 1, 3_600_000),
                options.integer("--hash-iterations", PasswordHasher.DEFAULT_ITERATIONS, 1, 10_000_000),
                loginAddress,
                options.string("--prefix", "bot-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-"),
                options.integer("--progress-s", 5, 1, 3600),
                options.integer("--workers", Runtime.getRuntime().availableProcessors(), 1, 256),
                options.string("--transport", "auto"),
                options.integer("--max-connections", 0, 1, Integer.MAX_VALUE),
                options.integer("--max-connections-per-address", 0, 1, Integer.MAX_VALUE));
        String reportFile = options.string("--report", defaultReport);
        if (loginAddress != null && options.string("--metrics-port", null) != null) {
            throw new CommandLine.UsageException(command + ": --metrics-port is for the servers started here; with --login none is");
        }
        try (SampleTls tls = tls(command, options, loginAddress != null);
             SampleMetrics metrics = metricsRequest.open()) {
            SoakReport report = SoakRunner.run(soak, System.out, tls, reportFile == null ? null : reportPath(command, reportFile),
                    metrics);
            return report.exitStatus();
        }
    }

    /** Checked before the run, so a bad name fails at once rather than after the soak. */
    private static Path reportPath(String command, String file) {
        Path path;
        try {
            path = Path.of(file).toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.UsageException(command + ": --report " + file + " is not a file name: " + e.getMessage());
        }
        if (!java.nio.file.Files.isDirectory(path.getParent()) || java.nio.file.Files.isDirectory(path)) {
            throw new CommandLine.UsageException(command + ": --report " + file
                    + " must name a file in an existing directory");
        }
        return path;
    }

    /**
     * Servers started here speak TLS with a certificate made for the run unless {@code --no-tls};
     * bots going to a given login server speak TLS when {@code --tls-trust ROOTS.pem} names the roots to trust.
     */
    private static SampleTls tls(String command, CommandLine options, boolean remoteServers) {
        if (remoteServers) {
            io.gameport.tls.TlsContext client = ServerOptions.clientTls(options, command);
            return client == null ? SampleTls.PLAINTEXT : new SampleTls(null, client, "on (trusting " + options.string("--tls-trust", "") + ")");
        }
        if (options.string("--tls-trust", null) != null) {
            throw new CommandLine.UsageException(command + ": --tls-trust is for bots going to a given --login server");
        }
        return options.flag("--no-tls") ? new SampleTls(null, null, "off (--no-tls)") : SampleTls.generated();
    }
}

package io.gameport.sample;

import io.gameport.sample.soak.SoakReport;
import io.gameport.sample.soak.SoakRunOptions;
import io.gameport.sample.soak.SoakRunner;
import io.gameport.tls.TlsConfigException;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.tls.TrustRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code soak}, {@code bots} and {@code demo}: one runner, three faces. {@code soak} starts both
 * servers in this process unless {@code --login} is given; {@code bots} always goes to a given
 * login server; {@code demo} is a soak of 300 bots for 30 s that always writes its report.
 */
final class SoakCommand {

    private SoakCommand() {
    }

    @Command(name = "soak", sortOptions = false,
            header = "Login server, room server and N bots in one process (or bots against --login).",
            description = "--seconds is the steady window after every bot is in a room; the last line is SOAK bots=... errors=E"
                    + " disconnects=D room_servers=K resumes=R resume_failures=F lost=L duplicated=U. --room-servers K starts K room"
                    + " servers behind one room directory; --chaos drops the bots' room connections, which resume. Exit status 1 on"
                    + " any protocol error, lost, duplicated or reordered message or unexpected disconnect.")
    static final class Soak implements Callable<Integer> {
        @Range(min = 1, max = 1_000_000)
        @Option(names = "--bots", paramLabel = "N", description = "Bots to run. Default: ${DEFAULT-VALUE}.")
        int bots = 200;

        @Range(min = 1, max = 7 * 86_400)
        @Option(names = "--seconds", paramLabel = "S", description = "Steady window once every bot is in a room. Default: ${DEFAULT-VALUE}.")
        int seconds = 60;

        @Option(names = "--report", paramLabel = "FILE.html",
                description = "Write one self-contained HTML file: the summary and a chart per measure, every second. Default: none.")
        String report;

        @Mixin
        SoakRunOptions run;
        @Mixin
        MetricsOptions metrics;
        @Mixin
        HelpOption help;

        @Override
        public Integer call() throws Exception {
            return SoakCommand.run("soak", run, metrics, bots, seconds, report);
        }
    }

    @Command(name = "bots", sortOptions = false, header = "Bots only, against running servers (--login is required).",
            description = "The SOAK line and exit status as soak's.")
    static final class Bots implements Callable<Integer> {
        @Range(min = 1, max = 1_000_000)
        @Option(names = "--bots", paramLabel = "N", description = "Bots to run. Default: ${DEFAULT-VALUE}.")
        int bots = 100;

        @Range(min = 1, max = 7 * 86_400)
        @Option(names = "--seconds", paramLabel = "S", description = "Steady window once every bot is in a room. Default: ${DEFAULT-VALUE}.")
        int seconds = 60;

        @Option(names = "--report", paramLabel = "FILE.html",
                description = "Write one self-contained HTML file: the summary and a chart per measure, every second. Default: none.")
        String report;

        @Mixin
        SoakRunOptions run;
        @Mixin
        MetricsOptions metrics;
        @Mixin
        HelpOption help;

        @Override
        public Integer call() throws Exception {
            if (run.login == null) {
                throw new UsageException("bots: --login HOST:PORT is required");
            }
            return SoakCommand.run("bots", run, metrics, bots, seconds, report);
        }
    }

    @Command(name = "demo", sortOptions = false,
            header = "Both servers and 300 bots for 30 s in this process, then the summary (start here).",
            description = "Writes the HTML report to gameport-demo-DATE-TIME.html in the temporary directory unless --report names"
                    + " a file.")
    static final class Demo implements Callable<Integer> {
        @Range(min = 1, max = 1_000_000)
        @Option(names = "--bots", paramLabel = "N", description = "Bots to run. Default: ${DEFAULT-VALUE}.")
        int bots = 300;

        @Range(min = 1, max = 7 * 86_400)
        @Option(names = "--seconds", paramLabel = "S", description = "Steady window once every bot is in a room. Default: ${DEFAULT-VALUE}.")
        int seconds = 30;

        @Option(names = "--report", paramLabel = "FILE.html",
                description = "Where to write the HTML report. Default: gameport-demo-DATE-TIME.html in the temporary directory.")
        String report;

        @Mixin
        SoakRunOptions run;
        @Mixin
        MetricsOptions metrics;
        @Mixin
        HelpOption help;

        /**
         * The demo always writes its report: to {@code --report FILE}, or to a file in the system's
         * temporary directory named for the moment it started (not the current directory: run from a
         * checkout, that would litter the repository's top level).
         */
        @Override
        public Integer call() throws Exception {
            String started = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(LocalDateTime.now());
            String file = report != null ? report
                    : Path.of(System.getProperty("java.io.tmpdir"), "gameport-demo-" + started + ".html").toString();
            return SoakCommand.run("demo", run, metrics, bots, seconds, file);
        }
    }

    private static int run(String command, SoakRunOptions options, MetricsOptions metricsOptions, int bots, int seconds,
            String reportFile) throws Exception {
        SampleMetrics.Request metricsRequest = metricsOptions.request();
        boolean remote = options.login != null;
        if (remote && metricsOptions.requested()) {
            throw new UsageException(command + ": --metrics-port is for the servers started here; with --login none is");
        }
        if (remote && (options.roomServers != 1 || options.redis != null)) {
            throw new UsageException(command + ": --room-servers and --redis are for the servers started here; with --login"
                    + " the login server places the bots");
        }
        if (options.redis != null) {
            try {
                new io.gameport.sample.directory.RedisRoomDirectory(options.redis,
                        io.gameport.sample.directory.DirectorySettings.DEFAULTS).close();
            } catch (IllegalArgumentException e) {
                throw new UsageException(command + ": --redis " + options.redis + ": " + e.getMessage());
            }
        }
        if (options.chaos && (options.roomServers != 1 || options.redis != null)) {
            throw new UsageException(command + ": --chaos puts its proxy in front of one room server; not with --room-servers or --redis");
        }
        if (!options.chaos && (options.chaosSeed != null || options.chaosDropsPerMinute != 1)) {
            throw new UsageException(command + ": --chaos-drops-per-minute and --chaos-seed go with --chaos");
        }
        if (!(options.chaosDropsPerMinute > 0 && options.chaosDropsPerMinute <= 600)) {
            throw new UsageException(command + ": --chaos-drops-per-minute must be in (0, 600], was " + options.chaosDropsPerMinute);
        }
        Path report = reportFile == null ? null : reportPath(command, reportFile);
        try (SampleTls tls = tls(command, options, remote);
             SampleMetrics metrics = metricsRequest.open()) {
            SoakReport result = SoakRunner.run(options.soak(bots, seconds), System.out, tls, report, metrics);
            return result.exitStatus();
        }
    }

    /** Checked before the run, so a bad name fails at once rather than after the soak. */
    private static Path reportPath(String command, String file) {
        Path path;
        try {
            path = Path.of(file).toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException(command + ": --report " + file + " is not a file name: " + e.getMessage());
        }
        if (!Files.isDirectory(path.getParent()) || Files.isDirectory(path)) {
            throw new UsageException(command + ": --report " + file + " must name a file in an existing directory");
        }
        return path;
    }

    /**
     * Servers started here speak TLS with a certificate made for the run unless {@code --no-tls};
     * bots going to a given login server speak TLS when {@code --tls-trust ROOTS.pem} names the roots to trust.
     */
    private static SampleTls tls(String command, SoakRunOptions options, boolean remoteServers) {
        if (remoteServers) {
            if (options.tlsTrust == null) {
                return SampleTls.PLAINTEXT;
            }
            try {
                TlsContext client = TlsContext.client(TlsSettings.defaults(), TrustRoots.fromPem(options.tlsTrust), null);
                return new SampleTls(null, client, "on (trusting " + options.tlsTrust + ")");
            } catch (TlsConfigException e) {
                throw new UsageException(command + ": " + e.getMessage());
            }
        }
        if (options.tlsTrust != null) {
            throw new UsageException(command + ": --tls-trust is for bots going to a given --login server");
        }
        return options.noTls ? new SampleTls(null, null, "off (--no-tls)") : SampleTls.generated();
    }
}

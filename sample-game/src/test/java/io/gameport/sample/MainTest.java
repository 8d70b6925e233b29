package io.gameport.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.net.SendQuotaPolicy;
import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.account.PasswordHasher;
import io.gameport.sample.echo.EchoServerCommand;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.soak.SoakChaos;
import io.gameport.sample.soak.SoakOptions;
import io.gameport.transport.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command line: every command's options, their defaults, and one-line usage errors with exit status 2. */
class MainTest {

    /**
     * Every option name each command took before picocli (from the code, README.md,
     * sample-game/README.md, framework/PERFORMANCE.md, .ci and the tests): each must keep working.
     */
    static final Map<String, List<String>> OPTIONS_BEFORE_PICOCLI = Map.of(
            "login-server", List.of("--port", "--bind", "--transport", "--workers", "--drain-seconds", "--db-url", "--db-user",
                    "--db-password", "--hash-iterations", "--work-threads", "--work-queue", "--ticket-secret-file",
                    "--ticket-lifetime-s", "--room-server", "--attempts-per-s", "--attempt-burst", "--max-connections",
                    "--max-connections-per-address", "--tls-cert", "--tls-key", "--metrics-port", "--metrics-bind"),
            "room-server", List.of("--port", "--bind", "--transport", "--workers", "--drain-seconds", "--tick-hz", "--room-size",
                    "--grace-ms", "--ticket-secret-file", "--slow-client", "--max-connections", "--max-connections-per-address",
                    "--tls-cert", "--tls-key", "--metrics-port", "--metrics-bind"),
            "echo-server", List.of("--port", "--bind", "--transport", "--workers", "--max-frame-bytes", "--shards", "--wait-strategy",
                    "--idle-timeout-ms", "--dispatch", "--max-connections", "--max-connections-per-address", "--tls-cert", "--tls-key",
                    "--metrics-port", "--metrics-bind"),
            "hash-rate", List.of("--hash-iterations", "--checks"),
            "soak", soakOptions(), "bots", soakOptions(), "demo", soakOptions());

    private static List<String> soakOptions() {
        return List.of("--bots", "--seconds", "--room-size", "--tick-hz", "--chat-every-ms", "--hash-iterations", "--login",
                "--prefix", "--progress-s", "--workers", "--transport", "--max-connections", "--max-connections-per-address",
                "--tls-trust", "--report", "--metrics-port", "--metrics-bind", "--no-tls");
    }

    private static final List<String> SERVER_COMMANDS = List.of("echo-server", "login-server", "room-server", "demo", "soak");
    /** An option's row in picocli's help: at most six spaces, then the option (continuation lines are indented further). */
    private static final Pattern OPTION_ROW = Pattern.compile("^ {2,6}-");

    @TempDir
    Path dir;

    @Test
    void everyOptionNameFromBeforePicocliStillExists() {
        CommandLine main = Main.commandLine();
        assertEquals(OPTIONS_BEFORE_PICOCLI.keySet(), withoutHelp(main.getSubcommands().keySet()));
        OPTIONS_BEFORE_PICOCLI.forEach((command, names) -> {
            Map<String, OptionSpec> options = main.getSubcommands().get(command).getCommandSpec().optionsMap();
            for (String name : names) {
                assertTrue(options.containsKey(name), command + " lost " + name);
            }
        });
    }

    @Test
    void everyCommandsHelpListsEveryOptionWithItsDefault() {
        CommandLine main = Main.commandLine();
        for (String command : OPTIONS_BEFORE_PICOCLI.keySet()) {
            CommandRun help = CommandRun.of(command, "--help");
            assertEquals(0, help.status(), help.toString());
            Map<String, String> rows = optionRows(help.out());
            for (OptionSpec option : main.getSubcommands().get(command).getCommandSpec().options()) {
                if (option.usageHelp()) {
                    continue;
                }
                String row = rows.get(option.longestName());
                assertTrue(row != null, command + " --help does not list " + option.longestName() + ":\n" + help.out());
                assertTrue(row.contains("Default:"), command + " --help shows no default for " + option.longestName() + ":\n" + row);
            }
        }
        CommandRun login = CommandRun.of("login-server", "--help");
        assertTrue(login.out().contains("Default: 7100"), login.out());
        assertTrue(login.out().contains("Default: 127.0.0.1:7200"), login.out());
    }

    @Test
    void noArgumentsListsTheCommandsAndIsAUsageMistake() {
        CommandRun bare = CommandRun.of();
        assertEquals(2, bare.status());
        CommandRun help = CommandRun.of("--help");
        assertEquals(0, help.status());
        assertEquals(help.out(), bare.out());
        for (String command : OPTIONS_BEFORE_PICOCLI.keySet()) {
            assertTrue(Pattern.compile("(?m)^ +" + command + " ").matcher(help.out()).find(), command + " missing:\n" + help.out());
        }
        assertEquals(0, CommandRun.of("help", "soak").status());
    }

    @Test
    void unknownCommandsAndOptionsAreOneLineUsageErrors() {
        assertUsageError(List.of("fly"), "unknown command fly");
        assertUsageError(List.of("soak", "--bogus", "1"), "soak: ", "'--bogus'");
        assertUsageError(List.of("login-server", "--prot", "7100"), "login-server: ", "'--prot'", "login-server --help lists the options");
        assertUsageError(List.of("bots", "--bots", "3"), "bots: --login HOST:PORT is required");
    }

    @Test
    void roomDirectoryOptionsThatDoNotGoTogetherAreUsageErrors() throws Exception {
        assertUsageError(List.of("login-server", "--redis", "redis://127.0.0.1:1", "--room-server", "127.0.0.1:7200"),
                "login-server: --room-server and --redis exclude each other");
        assertUsageError(List.of("login-server", "--redis", "http://nowhere", "--ticket-secret-file", secretFile()),
                "login-server: --redis http://nowhere: ");
        assertUsageError(List.of("room-server", "--server-id", "room-1"), "room-server: --server-id and --public-address are for a room directory");
        assertUsageError(List.of("room-server", "--redis", "redis://127.0.0.1:1", "--server-id", "bad id!",
                "--ticket-secret-file", secretFile()),
                "room-server: server id must be");
        assertUsageError(List.of("room-server", "--capacity", "0"), "room-server: ", "'--capacity'", "0");
        assertUsageError(List.of("room-server", "--public-address", "nowhere"), "room-server: ", "'--public-address'", "nowhere");
        assertUsageError(List.of("soak", "--room-servers", "0"), "soak: ", "'--room-servers'", "0");
        assertUsageError(List.of("bots", "--login", "127.0.0.1:7100", "--room-servers", "3"),
                "bots: --room-servers and --redis are for the servers started here");
        assertUsageError(List.of("soak", "--redis", "nowhere"), "soak: --redis nowhere: ");
    }

    @Test
    void roomDirectoryOptionsReachTheServers() throws Exception {
        RoomServerCommand room = parse(RoomServerCommand.class, "room-server", "--redis", "redis://127.0.0.1:1", "--server-id",
                "room-7", "--public-address", "203.0.113.5:7300", "--capacity", "900", "--port", "7201");
        try (io.gameport.sample.directory.RoomDirectory directory = room.directory.open("room-server")) {
            io.gameport.sample.room.RoomDirectoryLink link = room.directoryLink(directory);
            assertEquals(List.of("room-7", "203.0.113.5", 7300, 900),
                    List.of(link.serverId(), link.publicHost(), link.publicPort(), link.capacity()));
        }
        RoomServerCommand defaults = parse(RoomServerCommand.class, "room-server", "--redis", "redis://127.0.0.1:1", "--port", "7202");
        try (io.gameport.sample.directory.RoomDirectory directory = defaults.directory.open("room-server")) {
            io.gameport.sample.room.RoomDirectoryLink link = defaults.directoryLink(directory);
            assertEquals(List.of("room-7202", "127.0.0.1", 0, io.gameport.sample.room.RoomDirectoryLink.DEFAULT_CAPACITY),
                    List.of(link.serverId(), link.publicHost(), link.publicPort(), link.capacity()));
        }
        assertEquals(null, parse(RoomServerCommand.class, "room-server").directoryLink(null));
        SoakCommand.Soak soak = parse(SoakCommand.Soak.class, "soak", "--room-servers", "3", "--redis", "redis://127.0.0.1:1");
        SoakOptions options = soak.run.soak(soak.bots, soak.seconds);
        assertEquals(3, options.roomServers());
        assertEquals("redis://127.0.0.1:1", options.redis());
    }

    @Test
    void badValuesAreOneLineUsageErrorsNamingTheOptionAndValue() {
        assertUsageError(List.of("soak", "--bots", "zero"), "soak: ", "'--bots'", "zero");
        assertUsageError(List.of("soak", "--bots", "-1"), "soak: ", "'--bots'", "-1");
        assertUsageError(List.of("demo", "--seconds", "0"), "demo: ", "'--seconds'", "0 is not in 1..604800");
        assertUsageError(List.of("login-server", "--port", "70000"), "login-server: ", "'--port'", "70000 is not in 0..65535");
        assertUsageError(List.of("room-server", "--port", "-1"), "room-server: ", "'--port'", "-1");
        assertUsageError(List.of("echo-server", "--workers", "1.5"), "echo-server: ", "'--workers'", "1.5");
        assertUsageError(List.of("hash-rate", "--checks", "-3"), "hash-rate: ", "'--checks'", "-3");
        assertUsageError(List.of("room-server", "--slow-client", "sulk"), "room-server: ", "'--slow-client'", "sulk");
        assertUsageError(List.of("echo-server", "--wait-strategy", "nap"), "echo-server: ", "'--wait-strategy'", "nap");
        assertUsageError(List.of("login-server", "--transport", "epoll"), "login-server: ", "'--transport'", "epoll");
        assertUsageError(List.of("soak", "--transport", "epoll"), "soak: ", "'--transport'", "epoll");
        assertUsageError(List.of("login-server", "--room-server", "nowhere"), "login-server: ", "'--room-server'", "nowhere");
        assertUsageError(List.of("bots", "--login", "host:0"), "bots: ", "'--login'", "host:0");
        assertUsageError(List.of("login-server", "--drain-seconds", "3601"), "login-server: ", "'--drain-seconds'", "3601");
        assertUsageError(List.of("echo-server", "--idle-timeout-ms", "-5"), "echo-server: ", "'--idle-timeout-ms'", "-5 is not in 4..");
        assertUsageError(List.of("soak", "--port", "1"), "soak: ", "'--port'");
        assertUsageError(List.of("soak", "--bots"), "soak: ", "--bots");
    }

    @Test
    void everyServerCommandChecksTheMetricsPort() {
        for (String command : SERVER_COMMANDS) {
            assertUsageError(List.of(command, "--metrics-port", "65536"), command + ": ", "'--metrics-port'", "65536 is not in 0..65535");
            assertUsageError(List.of(command, "--metrics-bind", "0.0.0.0"), command + ": --metrics-bind needs --metrics-port");
        }
    }

    @Test
    void everyServerCommandChecksTheConnectionCaps() {
        for (String command : SERVER_COMMANDS) {
            for (String option : List.of("--max-connections", "--max-connections-per-address")) {
                assertUsageError(List.of(command, option, "0"), command + ": ", "'" + option + "'", "0 is not in 1..");
            }
        }
    }

    @Test
    void helpWinsOverABadValue() {
        CommandRun help = CommandRun.of("login-server", "--port", "70000", "--help");
        assertEquals(0, help.status(), help.toString());
        assertTrue(help.out().contains("--attempt-burst"), help.out());
    }

    @Test
    void loginServerOptionsReachItsSettings() throws Exception {
        LoginServerConfig defaults = parse(LoginServerCommand.class, "login-server", "--ticket-secret-file", secretFile()).config();
        assertEquals(7100, defaults.bind().getPort());
        assertEquals("0.0.0.0", defaults.bind().getHostString());
        assertEquals("127.0.0.1", defaults.roomServerHost());
        assertEquals(7200, defaults.roomServerPort());
        assertEquals(AccountStoreConfig.DEFAULT_JDBC_URL, defaults.accounts().jdbcUrl());
        assertEquals("sa", defaults.accounts().user());
        assertEquals("", defaults.accounts().password());
        assertEquals(PasswordHasher.DEFAULT_ITERATIONS, defaults.accounts().hashIterations());
        assertEquals(Runtime.getRuntime().availableProcessors(), defaults.workThreads());
        assertEquals(256, defaults.workQueue());
        assertEquals(LoginServerConfig.DEFAULT_TICKET_LIFETIME_MS, defaults.ticketLifetimeMs());
        assertEquals(5.0, defaults.attemptsPerSecond());
        assertEquals(20, defaults.attemptBurst());
        assertEquals(TransportSettings.defaults().withWorkers(Runtime.getRuntime().availableProcessors()), defaults.transport());

        LoginServerConfig given = parse(LoginServerCommand.class, "login-server", "--port", "7101", "--bind", "127.0.0.1",
                "--room-server", "rooms.example:7300", "--db-url", "jdbc:h2:mem:x", "--db-user", "u", "--db-password", "p",
                "--hash-iterations", "1000", "--work-threads", "3", "--work-queue", "7", "--ticket-secret-file", secretFile(),
                "--ticket-lifetime-s", "30", "--attempts-per-s", "9", "--attempt-burst", "11", "--transport", "NIO2",
                "--workers", "4", "--max-connections", "5000", "--max-connections-per-address", "900").config();
        assertEquals(7101, given.bind().getPort());
        assertEquals("127.0.0.1", given.bind().getHostString());
        assertEquals("rooms.example", given.roomServerHost());
        assertEquals(7300, given.roomServerPort());
        assertEquals(new AccountStoreConfig("jdbc:h2:mem:x", "u", "p", defaults.accounts().connections(), 1000,
                defaults.accounts().connectionTimeoutMs()), given.accounts());
        assertEquals(3, given.workThreads());
        assertEquals(7, given.workQueue());
        assertEquals(30_000, given.ticketLifetimeMs());
        assertEquals(9.0, given.attemptsPerSecond());
        assertEquals(11, given.attemptBurst());
        assertEquals(TransportSettings.defaults().withBackend(Backend.NIO2).withWorkers(4).withMaxConnections(5000)
                .withMaxConnectionsPerAddress(900), given.transport());
    }

    @Test
    void roomServerOptionsReachItsSettings() throws Exception {
        RoomServerCommand defaultsCommand = parse(RoomServerCommand.class, "room-server", "--ticket-secret-file", secretFile());
        RoomServerConfig defaults = defaultsCommand.config();
        assertEquals(7200, defaults.bind().getPort());
        assertEquals(RoomServerConfig.DEFAULT_TICK_HZ, defaults.tickHz());
        assertEquals(50, defaults.rooms().defaultCapacity());
        assertEquals(10_000, defaults.rooms().reconnectGraceMs());
        assertEquals(30_000, defaults.resumeGraceMs(), "the room server's sessions resume by default");
        assertEquals(SendQuotaPolicy.DISCONNECT, defaults.transport().sendQuota().policy());
        assertEquals(5, defaultsCommand.drain.deadline().toSeconds());

        RoomServerCommand givenCommand = parse(RoomServerCommand.class, "room-server", "--port", "7201", "--tick-hz", "30",
                "--room-size", "8", "--grace-ms", "0", "--resume-grace-ms", "0", "--slow-client", "drop", "--ticket-secret-file", secretFile(),
                "--drain-seconds", "0", "--max-connections", "5000", "--max-connections-per-address", "900");
        RoomServerConfig given = givenCommand.config();
        assertEquals(7201, given.bind().getPort());
        assertEquals(30, given.tickHz());
        assertEquals(8, given.rooms().defaultCapacity());
        assertEquals(0, given.rooms().reconnectGraceMs());
        assertEquals(0, given.resumeGraceMs());
        assertEquals(SendQuotaPolicy.DROP, given.transport().sendQuota().policy());
        assertEquals(5000, given.transport().maxConnections());
        assertEquals(900, given.transport().maxConnectionsPerAddress());
        assertEquals(0, givenCommand.drain.deadline().toSeconds());
    }

    @Test
    void echoServerOptionsReachItsSettings() {
        TransportSettings defaults = parse(EchoServerCommand.class, "echo-server").transportSettings();
        assertEquals(0, defaults.idleTimeoutMs());
        assertEquals(TransportSettings.DEFAULT_MAX_CONNECTIONS, defaults.maxConnections());
        assertEquals(TransportSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, defaults.maxConnectionsPerAddress());
        TransportSettings given = parse(EchoServerCommand.class, "echo-server", "--idle-timeout-ms", "1500", "--transport", "io_uring",
                "--workers", "1").transportSettings();
        assertEquals(1500, given.idleTimeoutMs());
        assertEquals(Backend.IO_URING, given.backend());
        assertEquals(1, given.workers());
    }

    @Test
    void soakOptionsReachTheRun() {
        SoakCommand.Soak soak = parse(SoakCommand.Soak.class, "soak");
        SoakOptions defaults = soak.run.soak(soak.bots, soak.seconds);
        assertEquals(new SoakOptions(200, 60, 50, 20, 3_000, PasswordHasher.DEFAULT_ITERATIONS, null, defaults.namePrefix(), 5,
                Runtime.getRuntime().availableProcessors(), "auto", 0, 0), defaults);
        assertTrue(defaults.namePrefix().startsWith("bot-"), defaults.namePrefix());
        SoakCommand.Demo demo = parse(SoakCommand.Demo.class, "demo");
        assertEquals(List.of(300, 30), List.of(demo.bots, demo.seconds));
        SoakCommand.Bots bots = parse(SoakCommand.Bots.class, "bots", "--login", "127.0.0.1:7100", "--bots", "7", "--seconds", "9",
                "--room-size", "3", "--tick-hz", "10", "--chat-every-ms", "100", "--hash-iterations", "1000", "--prefix", "p-",
                "--progress-s", "2", "--workers", "1", "--transport", "nio2", "--max-connections", "10",
                "--max-connections-per-address", "10", "--no-tls", "--report", "r.html");
        SoakOptions given = bots.run.soak(bots.bots, bots.seconds);
        assertEquals(new SoakOptions(7, 9, 3, 10, 100, 1000, given.login(), "p-", 2, 1, "nio2", 10, 10), given);
        assertEquals(7100, given.login().getPort());
        assertTrue(bots.run.noTls);
        assertEquals("r.html", bots.report);
    }

    @Test
    void adminOptionsAreCheckedBeforeAnythingStarts() throws Exception {
        String token = Files.writeString(dir.resolve("admin-token"), "main-test-admin-token-0123456789\n").toString();
        String shortToken = Files.writeString(dir.resolve("short-token"), "short\n").toString();
        for (String command : List.of("login-server", "room-server")) {
            assertUsageError(List.of(command, "--admin-token-file", token), command + ": an admin token is configured",
                    "--admin-token-file", "no --metrics-port");
            assertUsageError(List.of(command, "--metrics-port", "0", "--admin-bind", "0.0.0.0"),
                    command + ": --admin-bind needs an admin token", "GAMEPORT_ADMIN_TOKEN");
            assertUsageError(List.of(command, "--metrics-port", "0", "--admin-token-file", shortToken),
                    command + ": --admin-token-file", "at least 16 characters");
            assertUsageError(List.of(command, "--metrics-port", "0", "--admin-token-file", dir.resolve("absent").toString()),
                    command + ": --admin-token-file", "does not exist");
            assertUsageError(List.of(command, "--metrics-port", "0", "--admin-token-file", token, "--admin-bind", "nowhere.invalid"),
                    command + ": --admin-bind must be a local address");
        }
        // The metrics port on one address that is not loopback, admin on loopback: it could never answer.
        assertUsageError(List.of("room-server", "--metrics-port", "0", "--metrics-bind", "192.0.2.77", "--admin-token-file", token),
                "room-server: ", "would never answer");
    }

    @Test
    void adminOptionsReachTheMetricsPort() throws Exception {
        String token = Files.writeString(dir.resolve("admin-token"), "main-test-admin-token-0123456789\n").toString();
        SampleMetrics.Request metrics = new SampleMetrics.Request(new java.net.InetSocketAddress("127.0.0.1", 0));
        RoomServerCommand off = parse(RoomServerCommand.class, "room-server", "--metrics-port", "0");
        off.admin.environment = name -> null;
        assertEquals(null, off.admin.request(metrics).admin(), "no token: no admin endpoints");
        RoomServerCommand fromFile = parse(RoomServerCommand.class, "room-server", "--metrics-port", "0", "--admin-token-file", token);
        fromFile.admin.environment = name -> null;
        assertTrue(fromFile.admin.request(metrics).admin() != null);
        LoginServerCommand fromEnvironment = parse(LoginServerCommand.class, "login-server", "--metrics-port", "0");
        fromEnvironment.admin.environment = name -> name.equals("GAMEPORT_ADMIN_TOKEN") ? "environment-admin-token-0123456789" : null;
        assertTrue(fromEnvironment.admin.request(metrics).admin() != null);
    }

    @Test
    void chaosOptionsReachTheRunWithServersHereOrElsewhere() {
        SoakCommand.Soak soak = parse(SoakCommand.Soak.class, "soak", "--chaos", "--chaos-drops-per-minute", "2.5",
                "--chaos-seed", "77");
        assertEquals(new SoakChaos(2.5, 77), soak.run.soak(soak.bots, soak.seconds).chaos());
        SoakCommand.Soak plain = parse(SoakCommand.Soak.class, "soak");
        assertEquals(null, plain.run.soak(plain.bots, plain.seconds).chaos());
        SoakCommand.Soak defaults = parse(SoakCommand.Soak.class, "soak", "--chaos");
        assertEquals(1.0, defaults.run.soak(defaults.bots, defaults.seconds).chaos().dropsPerMinute());
        SoakCommand.Bots remote = parse(SoakCommand.Bots.class, "bots", "--login", "127.0.0.1:7100", "--chaos", "--chaos-seed", "9");
        assertEquals(new SoakChaos(1, 9), remote.run.soak(remote.bots, remote.seconds).chaos());
        assertUsageError(List.of("soak", "--chaos", "--room-servers", "2"), "soak: --chaos", "not with --room-servers");
        assertUsageError(List.of("soak", "--chaos-seed", "5"), "go with --chaos");
        assertUsageError(List.of("soak", "--chaos", "--chaos-drops-per-minute", "0"), "must be in (0, 600], was 0.0");
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        assertEquals(9, parse(HashRateCommand.class, "hash-rate", "--checks", "3", "--checks", "9").checks);
    }

    private String secretFile() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "main-test-ticket-secret-0123456789abcdef");
        return file.toString();
    }

    private static <T> T parse(Class<T> type, String... args) {
        CommandLine main = Main.commandLine();
        CommandLine.ParseResult parsed = main.parseArgs(args);
        return type.cast(parsed.subcommand().commandSpec().userObject());
    }

    private static void assertUsageError(List<String> args, String... expected) {
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertEquals(2, run.status(), args + ": " + run);
        String line = run.errLine();
        for (String part : expected) {
            assertTrue(line.contains(part), args + ": expected '" + part + "' in: " + line);
        }
        assertFalse(line.contains("Exception"), line);
    }

    /** Option name (its longest) to its help row and description lines. */
    private static Map<String, String> optionRows(String help) {
        Map<String, String> rows = new java.util.HashMap<>();
        List<String> block = new ArrayList<>();
        for (String line : (help + "\n  -end").split("\n")) {
            if (OPTION_ROW.matcher(line).find()) {
                if (!block.isEmpty()) {
                    String first = block.get(0).strip();
                    String joined = String.join("\n", block);
                    for (String name : first.split("[ ,=]+")) {
                        if (name.startsWith("-")) {
                            rows.put(name, joined);
                        }
                    }
                }
                block.clear();
            } else if (block.isEmpty()) {
                continue;
            }
            block.add(line);
        }
        return rows;
    }

    private static java.util.Set<String> withoutHelp(java.util.Set<String> commands) {
        java.util.Set<String> all = new java.util.HashSet<>(commands);
        all.remove("help");
        return all;
    }
}

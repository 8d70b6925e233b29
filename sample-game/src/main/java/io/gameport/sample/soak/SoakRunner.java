package io.gameport.sample.soak;

import io.gameport.transport.Backend;
import io.gameport.net.TransportSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.bots.BotError;
import io.gameport.sample.bots.BotFleet;
import io.gameport.sample.bots.BotSettings;
import io.gameport.sample.bots.BotStats;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.directory.DirectorySettings;
import io.gameport.sample.directory.RoomDirectories;
import io.gameport.sample.directory.RoomDirectory;
import io.gameport.sample.room.RoomDirectoryLink;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a soak: (optionally) the login and room servers in this process, then N bots. Ramp-up
 * (registrations and logins, hashed as in production) is reported on its own line with its rate;
 * the steady-state window of S seconds starts when every bot is in a room. Prints a progress line
 * every few seconds, a summary, and last the machine-readable {@code SOAK ...} line.
 */
public final class SoakRunner {

    /** Bots not in a room after the ramp-up that the report names, with what each is waiting for. */
    private static final int STUCK_BOTS_SHOWN = 10;
    /** Bots started per second at the beginning of the ramp-up (1,000 bots arrive over 10 s). */
    static final int ARRIVALS_PER_SECOND = 100;
    /** How long every bot may take to get into a room before the soak gives up waiting. */
    private static final long RAMP_LIMIT_MS = 15 * 60_000;
    private static final double ATTEMPTS_PER_SECOND_ALL_BOTS = 1_000_000;

    private SoakRunner() {
    }

    /**
     * The in-process servers' settings: every bot comes from 127.0.0.1, which is not exempt from
     * the connection caps, so unless the options name caps the servers make room for a login and a
     * room connection per bot, with reconnects to spare.
     */
    static TransportSettings serverTransport(SoakOptions options, TransportSettings transport) {
        int forBots = 2 * options.bots() + 64;
        return transport
                .withMaxConnections(options.maxConnections() > 0 ? options.maxConnections()
                        : Math.max(TransportSettings.DEFAULT_MAX_CONNECTIONS, forBots))
                .withMaxConnectionsPerAddress(options.maxConnectionsPerAddress() > 0 ? options.maxConnectionsPerAddress()
                        : Math.max(TransportSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, forBots));
    }

    public static SoakReport run(SoakOptions options, PrintStream out) throws Exception {
        return run(options, out, io.gameport.sample.SampleTls.PLAINTEXT);
    }

    /** With {@code tls}, the servers started here present its certificate and the bots speak TLS. */
    public static SoakReport run(SoakOptions options, PrintStream out, io.gameport.sample.SampleTls tls) throws Exception {
        return run(options, out, tls, null);
    }

    /**
     * With {@code reportFile}, also samples every second of the run and writes the HTML report
     * there (see {@link SoakReportPage}) before the last line; null for none.
     */
    public static SoakReport run(SoakOptions options, PrintStream out, io.gameport.sample.SampleTls tls, Path reportFile)
            throws Exception {
        return run(options, out, tls, reportFile, io.gameport.sample.SampleMetrics.OFF);
    }

    /** As above, with the servers started here reporting into {@code metrics} (as server=login and server=room). */
    public static SoakReport run(SoakOptions options, PrintStream out, io.gameport.sample.SampleTls tls, Path reportFile,
                                 io.gameport.sample.SampleMetrics metrics) throws Exception {
        TransportSettings transport = TransportSettings.defaults().withBackend(Backend.fromId(options.backend())).withWorkers(options.workers());
        TransportSettings serverTransport = serverTransport(options, transport);
        Path dataDir = null;
        List<RoomServer> roomServers = new ArrayList<>();
        RoomDirectory directory = null;
        LoginServer login = null;
        ChaosProxies chaos = options.chaos() == null ? null : new ChaosProxies(options.chaos(), options.bots());
        InetSocketAddress loginAddress = options.login();
        try {
            if (loginAddress == null) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                if (options.directory()) {
                    directory = RoomDirectories.open(options.redis(), DirectorySettings.DEFAULTS);
                }
                // Ids unique to this run: on a shared Redis, another soak's servers keep theirs.
                String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
                for (int i = 0; i < options.roomServers(); i++) {
                    RoomDirectoryLink link = directory == null ? null
                            : new RoomDirectoryLink(directory, "soak-" + run + "-room-" + (i + 1), "127.0.0.1", 0,
                                    RoomDirectoryLink.DEFAULT_CAPACITY);
                    roomServers.add(RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), serverTransport,
                            options.tickHz(), RoomSettings.defaults().withDefaultCapacity(options.roomSize()), secret)
                            .withResumeGraceMs(RoomServerConfig.DEFAULT_RESUME_GRACE_MS), tls.server(),
                            metrics.module("room"), link));
                }
                if (directory != null) {
                    awaitRegistered(roomServers);
                }
                int roomPort = roomServers.get(0).port();
                if (chaos != null) {
                    // The login server sends the bots to the proxy instead of the room server itself.
                    roomPort = chaos.route(new InetSocketAddress("127.0.0.1", roomPort)).getPort();
                }
                dataDir = Files.createTempDirectory("gameport-soak");
                int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
                // Every bot comes from 127.0.0.1, so the per-address limit is lifted for the soak.
                login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), serverTransport,
                        AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dataDir.resolve("accounts"))
                                .withHashIterations(options.hashIterations()),
                        threads, 256, secret, LoginServerConfig.DEFAULT_TICKET_LIFETIME_MS, ATTEMPTS_PER_SECOND_ALL_BOTS,
                        (int) ATTEMPTS_PER_SECOND_ALL_BOTS, "127.0.0.1", roomPort), tls.server(),
                        metrics.module("login"), directory);
                loginAddress = new InetSocketAddress("127.0.0.1", login.port());
                out.printf(Locale.ROOT, "tls: %s%n", tls.description());
                out.printf(Locale.ROOT, "%s%n", metrics.note());
                out.printf(Locale.ROOT, "servers: login on %d, room on %s (backend %s, %d PBKDF2 iterations, %d Hz, rooms of %d%s)%n",
                        login.port(), ports(roomServers), roomServers.get(0).backendName(), options.hashIterations(),
                        options.tickHz(), options.roomSize(), directory == null ? ""
                                : ", room directory " + (options.redis() == null ? "in process" : "on " + options.redis()));
                if (chaos != null) {
                    out.printf(Locale.ROOT, "chaos: the bots' room connections go through a fault proxy on %d: %.2f drops per"
                            + " connection per minute, resets and black holes, seed %d%n", chaos.ports().get(0),
                            options.chaos().dropsPerMinute(), options.chaos().seed());
                }
            } else if (chaos != null) {
                out.printf(Locale.ROOT, "chaos: the bots' room connections go through a fault proxy in this process in front of"
                        + " each room server the login server names: %.2f drops per connection per minute, resets and black"
                        + " holes, seed %d (+1 per further room server)%n", options.chaos().dropsPerMinute(), options.chaos().seed());
            }
            BotSettings settings = new BotSettings(loginAddress, options.namePrefix(), "bot-password", options.roomSize(),
                    Math.max(1, 1000 / options.tickHz()), options.chatEveryMs(), 8);
            try (BotFleet fleet = new BotFleet(settings, transport, tls.client())) {
                if (chaos != null) {
                    fleet.expectDroppedRoomConnections();
                    if (options.login() != null) {
                        fleet.routeRoomConnections(chaos::route);
                    }
                }
                return drive(options, fleet, roomServers, chaos, out, reportFile == null ? null
                        : new ReportTarget(reportFile, settings(options, loginAddress, tls)));
            }
        } finally {
            if (chaos != null) {
                chaos.close();
            }
            if (login != null) {
                login.close();
            }
            for (RoomServer rooms : roomServers) {
                rooms.close();
            }
            if (directory != null) {
                directory.close();
            }
            if (dataDir != null) {
                deleteTree(dataDir);
            }
        }
    }

    /** Room servers register on their own thread: the bots start once the login server can place them. */
    private static void awaitRegistered(List<RoomServer> roomServers) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!roomServers.stream().allMatch(RoomServer::registered)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("room servers not registered in the room directory within 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static String ports(List<RoomServer> roomServers) {
        StringBuilder ports = new StringBuilder();
        for (RoomServer rooms : roomServers) {
            ports.append(ports.length() == 0 ? "" : ", ").append(rooms.port());
        }
        return ports.toString();
    }

    /** With a room directory: each room server's enters by what the directory said (claimed, no reservation, busy). */
    private static void printSeats(List<RoomServer> roomServers, PrintStream out) {
        for (RoomServer each : roomServers) {
            if (!each.serverId().isEmpty()) {
                out.printf(Locale.ROOT, "  room server %s (port %d): seats claimed %d, enters refused no reservation %d,"
                        + " enters told busy (directory) %d%n", each.serverId(), each.port(), each.claimedSeats(),
                        each.refusedReservations(), each.busyClaims());
            }
        }
    }

    /** Where the HTML report goes and the settings it shows. */
    private record ReportTarget(Path file, List<Map.Entry<String, String>> settings) {
    }

    private static SoakReport drive(SoakOptions options, BotFleet fleet, List<RoomServer> roomServers, ChaosProxies chaos,
            PrintStream out, ReportTarget reportTarget) throws InterruptedException, IOException {
        BotStats stats = fleet.stats();
        // The report's tick chart follows the first room server (every one ticks at the same rate).
        SoakSampler sampler = reportTarget == null ? null
                : new SoakSampler(stats, roomServers.isEmpty() ? null : roomServers.get(0));
        try {
            return drive(options, fleet, roomServers, chaos, out, reportTarget, sampler);
        } finally {
            if (sampler != null) {
                sampler.close();
            }
        }
    }

    private static SoakReport drive(SoakOptions options, BotFleet fleet, List<RoomServer> roomServers, ChaosProxies chaos,
            PrintStream out, ReportTarget reportTarget, SoakSampler sampler) throws InterruptedException, IOException {
        RoomServer rooms = roomServers.isEmpty() ? null : roomServers.get(0);
        BotStats stats = fleet.stats();
        long rampStart = System.nanoTime();
        fleet.start(options.bots(), ARRIVALS_PER_SECOND);
        long nextProgress = rampStart + options.progressEverySeconds() * 1_000_000_000L;
        while (stats.inRoom() < options.bots() && millisSince(rampStart) < RAMP_LIMIT_MS) {
            if (stats.totalErrors() > 0 && stats.inRoom() + stats.errors(BotError.CONNECT_FAILED)
                    + stats.errors(BotError.REFUSED) >= options.bots()) {
                break;
            }
            Thread.sleep(50);
            if (System.nanoTime() - nextProgress >= 0) {
                nextProgress += options.progressEverySeconds() * 1_000_000_000L;
                out.printf(Locale.ROOT, "ramp t=%ds logged_in=%d/%d in_room=%d/%d busy_retries=%d errors=%d%n",
                        millisSince(rampStart) / 1000, stats.loggedIn(), options.bots(), stats.inRoom(), options.bots(),
                        stats.busyRetries(), stats.totalErrors());
                printSeats(roomServers, out);
            }
        }
        double rampSeconds = millisSince(rampStart) / 1000.0;
        out.printf(Locale.ROOT, "ramp-up: %d of %d bots registered, logged in and in a room in %.1f s (%.1f bots/s, %d busy retries)%n",
                stats.inRoom(), options.bots(), rampSeconds, stats.inRoom() / Math.max(rampSeconds, 0.001),
                stats.busyRetries());
        for (String stuck : fleet.notPlaying(STUCK_BOTS_SHOWN)) {
            out.println("  not in a room: " + stuck);
        }

        stats.rtt().reset();
        for (RoomServer each : roomServers) {
            each.tickLateness().reset();
        }
        if (sampler != null) {
            sampler.markSteady();
        }
        long ticksBefore = rooms == null ? 0 : rooms.ticks();
        long sentBefore = stats.sent();
        long receivedBefore = stats.received();
        long windowStart = System.nanoTime();
        long windowEnd = windowStart + options.seconds() * 1_000_000_000L;
        long lastSent = sentBefore;
        long lastReceived = receivedBefore;
        long lastProgress = windowStart;
        nextProgress = windowStart + options.progressEverySeconds() * 1_000_000_000L;
        while (System.nanoTime() - windowEnd < 0) {
            Thread.sleep(Math.max(1, Math.min(100, (windowEnd - System.nanoTime()) / 1_000_000)));
            long now = System.nanoTime();
            if (now - nextProgress >= 0 && now - windowEnd < 0) {
                nextProgress += options.progressEverySeconds() * 1_000_000_000L;
                double elapsed = (now - lastProgress) / 1e9;
                long sent = stats.sent();
                long received = stats.received();
                out.printf(Locale.ROOT, "t=%ds in_room=%d msgs_in/s=%.0f msgs_out/s=%.0f rtt_p99_ms=%.2f errors=%d disconnects=%d%n",
                        (now - windowStart) / 1_000_000_000L, stats.inRoom(), (sent - lastSent) / elapsed,
                        (received - lastReceived) / elapsed, stats.rtt().percentileMillis(0.99), stats.totalErrors(),
                        stats.disconnects());
                lastSent = sent;
                lastReceived = received;
                lastProgress = now;
            }
        }
        double window = (System.nanoTime() - windowStart) / 1e9;
        int inRoom = stats.inRoom();
        double msgsIn = (stats.sent() - sentBefore) / window;
        double msgsOut = (stats.received() - receivedBefore) / window;
        // With several room servers: the worst server's p99.
        double tickLate = rooms == null ? -1 : 0;
        long overQuota = 0;
        long inputsLost = 0;
        long inputsRepeated = 0;
        for (RoomServer each : roomServers) {
            tickLate = Math.max(tickLate, each.tickLateness().percentileMillis(0.99));
            overQuota += each.overQuota();
            inputsLost += each.inputsLost();
            inputsRepeated += each.inputsRepeated();
        }
        SoakReport report = new SoakReport(options.bots(), options.seconds(), inRoom, msgsIn, msgsOut,
                stats.rtt().percentileMillis(0.5), stats.rtt().percentileMillis(0.99), stats.rtt().percentileMillis(0.999),
                tickLate, stats.totalErrors(), stats.disconnects(), stats.roomServers(), stats.resumes(), stats.resumeFailures(),
                stats.lost() + inputsLost, stats.duplicated() + inputsRepeated);
        Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "summary: %d of %d bots connected and in rooms over a %.1f s window (client backend %s)%n",
                inRoom, options.bots(), window, fleet.backendName());
        out.printf(Locale.ROOT, "  messages/s: client->server %.0f, server->client %.0f%n", msgsIn, msgsOut);
        out.printf(Locale.ROOT, "  round trip ms (move->tick, chat->echo): p50 %.2f  p99 %.2f  p99.9 %.2f  (%d samples)%n",
                report.rttP50Ms(), report.rttP99Ms(), report.rttP999Ms(), stats.rtt().count());
        if (rooms != null) {
            out.printf(Locale.ROOT, "  ticks: %d in the window at %d Hz, start lateness p99 %.2f ms, sends over quota %d%n",
                    rooms.ticks() - ticksBefore, options.tickHz(), tickLate, overQuota);
        }
        printSeats(roomServers, out);
        out.printf(Locale.ROOT, "  errors: %s%n", stats.errorsByKind());
        out.printf(Locale.ROOT, "  disconnects: %d%n", stats.disconnects());
        out.printf(Locale.ROOT, "  numbered messages: lost %d, duplicated %d (ticks and chat at the bots %d/%d%s)%n",
                report.lost(), report.duplicated(), stats.lost(), stats.duplicated(), rooms == null ? ""
                        : String.format(Locale.ROOT, ", moves and chat at the room servers %d/%d", inputsLost, inputsRepeated));
        if (chaos != null) {
            io.gameport.chaos.FaultCounts faults = chaos.counts();
            out.printf(Locale.ROOT, "  chaos: %d drops injected (%d resets, %d black holes), %d room connections through the"
                    + " proxy; %d sessions resumed, %d lost; %d connections dropped before their session was resumable"
                    + " (entered again)%n", faults.drops(), faults.resets(), faults.blackHoles(),
                    faults.accepted(), stats.resumes(), stats.resumeFailures(), stats.droppedBeforeResumable());
        }
        out.printf(Locale.ROOT, "  memory: heap used %d MiB of %d MiB max, resident %s%n",
                (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20, residentMemory());
        if (reportTarget != null) {
            sampler.close();
            SoakReportPage.write(reportTarget.file(), new SoakRecording(report, reportTarget.settings(),
                    rooms == null ? null : rooms.backendName(), fleet.backendName(), MachineInfo.current(), sampler.samples(),
                    sampler.steadyFromSeconds(), Instant.now()));
            out.printf(Locale.ROOT, "report: %s (%d samples)%n", reportTarget.file().toAbsolutePath(), sampler.samples().size());
        }
        out.println(report.machineLine());
        out.flush();
        return report;
    }

    /** The run's settings as the report shows them. */
    private static List<Map.Entry<String, String>> settings(SoakOptions options, InetSocketAddress login,
            io.gameport.sample.SampleTls tls) {
        return List.of(
                Map.entry("bots", Integer.toString(options.bots())),
                Map.entry("steady window", options.seconds() + " s"),
                Map.entry("servers", options.login() == null ? "in this process" : "elsewhere, login at " + login),
                Map.entry("room size", Integer.toString(options.roomSize())),
                Map.entry("tick rate", options.tickHz() + " Hz"),
                Map.entry("room servers", options.login() == null ? options.roomServers()
                        + (options.redis() == null ? "" : ", directory on " + options.redis()) : "the login server's"),
                Map.entry("chat every (mean)", options.chatEveryMs() + " ms"),
                Map.entry("PBKDF2 iterations", options.login() == null ? Integer.toString(options.hashIterations())
                        : "the login server's"),
                Map.entry("I/O workers", Integer.toString(options.workers())),
                Map.entry("transport asked for", options.backend()),
                Map.entry("TLS", tls.description()),
                Map.entry("bot name prefix", options.namePrefix()),
                Map.entry("chaos", options.chaos() == null ? "off" : String.format(Locale.ROOT,
                        "%.2f drops per connection per minute, seed %d", options.chaos().dropsPerMinute(),
                        options.chaos().seed())));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** VmRSS from /proc/self/status on Linux; "n/a" elsewhere. */
    static String residentMemory() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "n/a";
        }
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> (Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10) + " MiB").orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless; the soak's result is what matters.
        }
    }
}

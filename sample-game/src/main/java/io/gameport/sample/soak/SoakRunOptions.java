package io.gameport.sample.soak;

import io.gameport.sample.Range;
import io.gameport.sample.account.PasswordHasher;
import io.gameport.transport.Backend;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code soak}, {@code bots} and {@code demo} share (each keeps its own
 * {@code --bots}, {@code --seconds} and {@code --report}, whose defaults differ); the metrics
 * port is {@link io.gameport.sample.MetricsOptions}.
 */
public final class SoakRunOptions {

    @Range(min = 1, max = 500)
    @Option(names = "--room-size", paramLabel = "R", description = "Players per room. Default: ${DEFAULT-VALUE}.")
    public int roomSize = 50;

    @Range(min = 1, max = 1000)
    @Option(names = "--tick-hz", paramLabel = "H", description = "Room ticks per second. Default: ${DEFAULT-VALUE}.")
    public int tickHz = 20;

    @Range(min = 1, max = 3_600_000)
    @Option(names = "--chat-every-ms", paramLabel = "M", description = "Each bot sends a chat line this often. Default: ${DEFAULT-VALUE}.")
    public int chatEveryMs = 3_000;

    @Range(min = 1, max = 10_000_000)
    @Option(names = "--hash-iterations", paramLabel = "I", description = "PBKDF2 iterations of the login server started here. Default: ${DEFAULT-VALUE}.")
    public int hashIterations = PasswordHasher.DEFAULT_ITERATIONS;

    @Option(names = "--login", paramLabel = "HOST:PORT", converter = io.gameport.sample.HostPortConverter.class,
            description = "Send the bots to this login server instead of starting both servers here. Default: none (servers in this process).")
    public java.net.InetSocketAddress login;

    @Option(names = "--prefix", paramLabel = "P", description = "Start of the bots' account names. Default: bot-<random>-.")
    public String prefix;

    @Range(min = 1, max = 3600)
    @Option(names = "--progress-s", paramLabel = "P", description = "Print a progress line this often. Default: ${DEFAULT-VALUE}.")
    public int progressSeconds = 5;

    @Range(min = 1, max = 256)
    @Option(names = "--workers", paramLabel = "W", description = "I/O worker threads of the bots and of the servers started here."
            + " Default: the number of cores, ${DEFAULT-VALUE} here.")
    public int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--transport", paramLabel = "T", defaultValue = "auto",
            description = "Completion backend: auto, io_uring, nio2 or iocp. Default: ${DEFAULT-VALUE}.")
    public Backend transport;

    @Range(min = 1)
    @Option(names = "--max-connections", paramLabel = "N",
            description = "Connection cap of the servers started here. Default: enough for the bots.")
    public int maxConnections = 0;

    @Range(min = 1)
    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Per-address connection cap of the servers started here (the bots all come from 127.0.0.1). Default: enough for the bots.")
    public int maxConnectionsPerAddress = 0;

    @Option(names = "--tls-trust", paramLabel = "ROOTS.pem",
            description = "With --login: speak TLS, trusting these roots. Default: none (plaintext to a --login server).")
    public Path tlsTrust;

    @Range(min = 1, max = 64)
    @Option(names = "--room-servers", paramLabel = "K",
            description = "Room servers started here, sharing an in-process room directory when more than one. Default: ${DEFAULT-VALUE}.")
    public int roomServers = 1;

    @Option(names = "--redis", paramLabel = "URL",
            description = "The servers started here use the room directory on this Redis (room servers of other processes"
                    + " registered there take bots too). Default: none (in process).")
    public String redis;

    @Option(names = "--no-tls", description = "Servers started here speak plaintext. Default: off (TLS with a certificate made for the run).")
    public boolean noTls;

    @Option(names = "--chaos", description = "Route the bots' room connections through a fault-injecting proxy that drops them"
            + " at random (resets and black holes); the room sessions resume. One proxy in front of the room server started here"
            + " (one room server), or with --login one in this process in front of each room server the login server names."
            + " Default: off.")
    public boolean chaos;

    @Option(names = "--chaos-drops-per-minute", paramLabel = "R",
            description = "With --chaos: mean drops per bot connection per minute (0 < R <= 600). Default: ${DEFAULT-VALUE}.")
    public double chaosDropsPerMinute = 1;

    @Option(names = "--chaos-seed", paramLabel = "S",
            description = "With --chaos: the seed of the fault schedule, to repeat a run. Default: none (a random seed, printed).")
    public Long chaosSeed;

    /** The chaos these options ask for, or null without {@code --chaos}. */
    public SoakChaos chaos() {
        if (!chaos) {
            return null;
        }
        long seed = chaosSeed != null ? chaosSeed : new java.security.SecureRandom().nextLong();
        return new SoakChaos(chaosDropsPerMinute, seed);
    }

    /** The run these options describe. */
    public SoakOptions soak(int bots, int seconds) {
        String namePrefix = prefix != null ? prefix : "bot-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
        return new SoakOptions(bots, seconds, roomSize, tickHz, chatEveryMs, hashIterations, login, namePrefix, progressSeconds,
                workers, transport.id(), maxConnections, maxConnectionsPerAddress, roomServers, redis, chaos());
    }
}

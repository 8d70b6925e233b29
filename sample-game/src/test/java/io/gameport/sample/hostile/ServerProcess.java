package io.gameport.sample.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sample-game server in a child JVM, started the way an operator starts it
 * ({@code java ... io.gameport.sample.Main COMMAND options}) with the test's own classpath, so an
 * attack can exhaust its heap, direct memory or threads without touching the test JVM, and its
 * stop on SIGTERM is the real one. The child's stdout and stderr are merged into one
 * {@link ChildLog}. Always close it (try-with-resources or an AfterEach): closing kills a child that
 * is still alive, and a JVM shutdown hook kills any child a killed test run left behind.
 */
public final class ServerProcess implements AutoCloseable {

    /** Exit status of a JVM stopped by SIGTERM after its shutdown hooks ran (128 + 15): the echo server's clean stop. */
    public static final int SIGTERM_EXIT_STATUS = 143;
    /** Exit status of a login or room server that drained on SIGTERM. */
    public static final int DRAINED_EXIT_STATUS = 0;
    /** Hang guards, never measurements: a loaded 2-core CI machine starts a JVM in a few seconds. */
    public static final Duration START_BOUND = Duration.ofSeconds(60);
    public static final Duration STOP_BOUND = Duration.ofSeconds(30);
    /** The ticket secret every server the harness starts shares (through GAMEPORT_TICKET_SECRET). */
    public static final byte[] TICKET_SECRET =
            "hostile-suite-ticket-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "hostile-children-reaper"));
    }

    private final String command;
    private final Process process;
    private final ChildLog log;
    private final int port;

    private ServerProcess(String command, Process process, ChildLog log, int port) {
        this.command = command;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** {@code echo-server} on a free loopback port. */
    public static Builder echoServer() {
        return new Builder("echo-server").args("--bind", "127.0.0.1", "--port", "0");
    }

    /**
     * {@code login-server} on a free loopback port, accounts in an H2 file under {@code dir}, cheap
     * hashing (1,000 iterations), its room server announced as 127.0.0.1:{@code roomPort}.
     */
    public static Builder loginServer(Path dir, int roomPort) {
        return new Builder("login-server").directory(dir)
                .args("--bind", "127.0.0.1", "--port", "0", "--db-url", "jdbc:h2:" + dir.resolve("accounts").toAbsolutePath(),
                        "--hash-iterations", "1000", "--room-server", "127.0.0.1:" + roomPort)
                .env("GAMEPORT_TICKET_SECRET", new String(TICKET_SECRET, StandardCharsets.UTF_8));
    }

    /** {@code login-server} as {@link #loginServer} but placing players through the room directory on {@code redisUrl}. */
    public static Builder loginServerOn(Path dir, String redisUrl) {
        return new Builder("login-server").directory(dir)
                .args("--bind", "127.0.0.1", "--port", "0", "--db-url", "jdbc:h2:" + dir.resolve("accounts").toAbsolutePath(),
                        "--hash-iterations", "1000", "--redis", redisUrl)
                .env("GAMEPORT_TICKET_SECRET", new String(TICKET_SECRET, StandardCharsets.UTF_8));
    }

    /** {@code room-server} as {@link #roomServer}, registered as {@code serverId} in the room directory on {@code redisUrl}. */
    public static Builder roomServerOn(Path dir, String redisUrl, String serverId) {
        return roomServer(dir).args("--redis", redisUrl, "--server-id", serverId);
    }

    /** {@code room-server} on a free loopback port, sharing {@link #TICKET_SECRET}. */
    public static Builder roomServer(Path dir) {
        return new Builder("room-server").directory(dir).args("--bind", "127.0.0.1", "--port", "0")
                .env("GAMEPORT_TICKET_SECRET", new String(TICKET_SECRET, StandardCharsets.UTF_8));
    }

    /** The port the child listens on (from its listening line). */
    public int port() {
        return port;
    }

    public ChildLog log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The child's open file descriptors (sockets included), from /proc: what a leak of
     * connections shows as. -1 where /proc is not available.
     */
    public int openDescriptors() {
        String[] fds = new java.io.File("/proc/" + process.pid() + "/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /**
     * Waits until the child holds at most {@code max} descriptors (the server has released what
     * closed connections held) and returns the count; fails with the count if it does not within
     * {@code bound} (a hang guard).
     */
    public int awaitDescriptorsAtMost(int max, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        int now = openDescriptors();
        while (now > max) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(command + " still holds " + now + " descriptors " + bound.toSeconds()
                        + " s after its peers left (expected at most " + max + "); log tail:\n" + log.tail(30));
            }
            Thread.sleep(50);
            now = openDescriptors();
        }
        return now;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails, with the log's tail, if the child has exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(command + " (pid " + process.pid() + ") exited with status " + process.exitValue()
                    + "; log tail:\n" + log.tail(60));
        }
    }

    /**
     * Sends SIGTERM ({@link Process#destroy()} on Unix) and returns the exit status. Fails if the
     * child has not exited within {@link #STOP_BOUND} (it is then killed by {@link #close()}).
     */
    public int stopWithSigterm() throws InterruptedException {
        assertAlive();
        process.destroy();
        if (!process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(command + " (pid " + process.pid() + ") ignored SIGTERM for " + STOP_BOUND.toSeconds()
                    + " s; log tail:\n" + log.tail(60));
        }
        log.awaitEnd(Duration.ofSeconds(10));
        return process.exitValue();
    }

    /**
     * Waits, up to {@code bound} (a hang guard), for the child to exit on its own (after a drain
     * asked for over HTTP, say) and returns its exit status.
     */
    public int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(command + " (pid " + process.pid() + ") still running after " + bound.toSeconds()
                    + " s; log tail:\n" + log.tail(60));
        }
        log.awaitEnd(Duration.ofSeconds(10));
        return process.exitValue();
    }

    /**
     * The clean stop every attack ends with: SIGTERM ends the echo server with
     * {@link #SIGTERM_EXIT_STATUS}, and drains a login or room server, which exits {@link #DRAINED_EXIT_STATUS}.
     */
    public void assertStopsCleanlyOnSigterm() throws InterruptedException {
        int expected = command.equals("echo-server") ? SIGTERM_EXIT_STATUS : DRAINED_EXIT_STATUS;
        int status = stopWithSigterm();
        if (status != expected) {
            throw new AssertionError(command + " exited with status " + status + " on SIGTERM, expected "
                    + expected + "; log tail:\n" + log.tail(60));
        }
    }

    /** Kills the child if it is still alive (SIGKILL) and waits for it, bounded. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        }
        LIVE.remove(process);
    }

    @Override
    public String toString() {
        return command + " pid " + process.pid() + " port " + port;
    }

    /** What to start: the command, its options, the child JVM's options, environment and directory. */
    public static final class Builder {
        private final String command;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvm = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private Path directory;

        private Builder(String command) {
            this.command = command;
        }

        /** Options after the command, e.g. {@code "--workers", "2"} (a later option of the same name wins). */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** Options of the child JVM, e.g. {@code "-Xmx256m"}, {@code "-XX:MaxDirectMemorySize=64m"}. */
        public Builder jvm(String... more) {
            jvm.addAll(List.of(more));
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** The child's working directory (the login server's default database is relative to it). */
        public Builder directory(Path dir) {
            directory = dir;
            return this;
        }

        /** Starts the child and waits for its listening line; fails with the log if it never comes. */
        public ServerProcess start() throws IOException, InterruptedException {
            List<String> line = new ArrayList<>();
            line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            line.addAll(jvm);
            line.add("-cp");
            line.add(System.getProperty("java.class.path"));
            line.add("io.gameport.sample.Main");
            line.add(command);
            line.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
            builder.environment().putAll(env);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            LIVE.add(process);
            process.getOutputStream().close();
            ChildLog log = new ChildLog(process.getInputStream(), command + "-" + process.pid());
            try {
                String listening = log.awaitLine("saying the server listens", l -> LISTENING.matcher(l).find(), START_BOUND);
                Matcher m = LISTENING.matcher(listening);
                m.find();
                return new ServerProcess(command, process, log, Integer.parseInt(m.group(1)));
            } catch (AssertionError | RuntimeException | InterruptedException e) {
                process.destroyForcibly();
                process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                LIVE.remove(process);
                throw e;
            }
        }
    }
}

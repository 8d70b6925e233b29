package io.gameport.sample.directory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A redis-server of the test's own (from {@code PATH}), on a free loopback port, persistence off,
 * which the test may stop, restart on the same port, and freeze with SIGSTOP. The test is skipped
 * with a message when redis-server is absent (failed when {@value TestRedis#REQUIRED_ENV} is true).
 */
public final class ThrowawayRedis implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 10_000;

    private final String binary;
    private final int port;
    private final Path dir;
    private Process process;

    private ThrowawayRedis(String binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    public static ThrowawayRedis startOrSkip() throws IOException, InterruptedException {
        String binary = onPath("redis-server");
        if (binary == null) {
            TestRedis.unavailable("redis-server is not on PATH: the Redis outage test starts its own (apt-get install redis-server)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ThrowawayRedis redis = new ThrowawayRedis(binary, port, Files.createTempDirectory("gameport-test-redis"));
        redis.start();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts (again, on the same port, empty) and returns once it answers PING. */
    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not come up: "
                        + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(50);
        }
    }

    /** Stops it (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process != null) {
            resume();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** SIGSTOP: the kernel still accepts connections, nothing answers. */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    void resume() throws InterruptedException {
        try {
            signal("-CONT");
        } catch (IOException e) {
            throw new IllegalStateException("could not SIGCONT redis-server", e);
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            File candidate = new File(entry, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    List<String> log() throws IOException {
        return Files.readAllLines(dir.resolve("redis.log"));
    }
}

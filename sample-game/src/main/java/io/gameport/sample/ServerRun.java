package io.gameport.sample;

import io.gameport.metrics.DrainControl;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * How a login or room server command runs once its server has started: until a drain is asked
 * for, by SIGTERM or by {@code POST /admin/drain} (this is the admin endpoint's
 * {@link DrainControl}), or until the JVM stops some other way. Both drain requests take the one
 * path: the command's main thread drains the server (new players refused, connected ones served
 * until they leave or the deadline passes), closes it and returns, so the process exits 0 as
 * orchestrators expect of a clean stop. Any other stop (Ctrl-C, the end of the JVM) closes the
 * server from a shutdown hook at once. The first request wins: a later one (a SIGTERM during an
 * admin drain, a second POST) changes nothing and is answered as already under way.
 */
final class ServerRun implements DrainControl {

    private final DrainableServer server;
    private final Duration defaultDeadline;
    private final String name;
    private final CountDownLatch wake = new CountDownLatch(1);
    private Duration deadline; // guarded by this: the drain asked for, null until then
    private boolean closedByHook; // guarded by this

    /**
     * @param defaultDeadline the drain's deadline when the request names none ({@code --drain-seconds})
     * @param name            the command, for its log lines and the shutdown hook's thread
     */
    ServerRun(DrainableServer server, Duration defaultDeadline, String name) {
        this.server = Objects.requireNonNull(server, "server");
        this.defaultDeadline = Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Asks for the drain; returns at once (any thread: the ops HTTP thread, the signal handler). */
    @Override
    public synchronized Answer drain(Duration requested) {
        if (deadline != null) {
            return new Answer(false, deadline);
        }
        if (closedByHook) {
            // The JVM is already stopping the server at once: nothing is left to drain.
            return new Answer(false, Duration.ZERO);
        }
        deadline = requested == null ? defaultDeadline : requested;
        wake.countDown();
        return new Answer(true, deadline);
    }

    /**
     * Blocks until a drain is asked for and has ended (then the server is closed), or the JVM
     * stopped the server from its shutdown hook. Call once, on the command's main thread.
     */
    void untilDrainedOrStopped() throws InterruptedException {
        Thread hook = new Thread(() -> {
            synchronized (this) {
                closedByHook = true;
            }
            // Ctrl-C stops at once, even during a drain (the drain's wait then ends with the stop).
            close(server);
            wake.countDown();
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The JVM's own SIGTERM handler runs the shutdown hooks and exits 143; this one drains first.
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> drain(null));
        wake.await();
        Duration drainFor;
        synchronized (this) {
            if (closedByHook) {
                return;
            }
            drainFor = deadline;
        }
        System.out.println(name + " draining for up to " + drainFor.toSeconds() + " s");
        System.out.flush();
        try {
            server.drain(drainFor).join();
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

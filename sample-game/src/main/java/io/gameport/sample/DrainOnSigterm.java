package io.gameport.sample;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** How the login and room server commands run: until SIGTERM drains them or another stop closes them. */
final class DrainOnSigterm {

    private DrainOnSigterm() {
    }

    /**
     * Blocks until the JVM is asked to stop. SIGTERM drains {@code server} (new players refused,
     * connected ones served until they leave or {@code drainDeadline}), closes it and returns, so
     * the process exits 0 as orchestrators expect of a clean stop; any other stop (Ctrl-C, the
     * end of the JVM) closes it from a shutdown hook as before.
     */
    static void runUntilDrainedOrStopped(DrainableServer server, Duration drainDeadline, String name)
            throws InterruptedException {
        CountDownLatch wake = new CountDownLatch(1);
        AtomicBoolean closedByHook = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            close(server);
            closedByHook.set(true);
            wake.countDown();
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The JVM's own SIGTERM handler runs the shutdown hooks and exits 143; this one lets main drain first.
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> wake.countDown());
        wake.await();
        if (closedByHook.get()) {
            return;
        }
        System.out.println(name + " draining for up to " + drainDeadline.toSeconds() + " s");
        System.out.flush();
        try {
            server.drain(drainDeadline).join();
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

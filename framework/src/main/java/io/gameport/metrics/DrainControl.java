package io.gameport.metrics;

import java.time.Duration;

/**
 * What {@code POST /admin/drain} asks of the process: start draining its server(s) the way a
 * SIGTERM does. Called on the ops HTTP thread: it must only start the drain (hand it to the thread
 * that runs it) and return at once.
 */
@FunctionalInterface
public interface DrainControl {

    /**
     * Starts a drain, or reports the one already under way.
     *
     * @param deadline how long connected players are served, or null for the process's default
     */
    Answer drain(Duration deadline);

    /**
     * @param started  true if this call started the drain, false if one was already under way
     *                 (then {@code deadline} is that drain's)
     * @param deadline how long the drain serves connected players
     */
    record Answer(boolean started, Duration deadline) {
    }
}

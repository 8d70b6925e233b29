package io.gameport.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A sample server that can drain (see {@link io.gameport.server.GameServer#drain}): it stops
 * taking players, tells those it has, serves them until they leave or {@code deadline} passes,
 * then stops its game server. {@link #close} afterwards releases the rest (loops, databases).
 */
public interface DrainableServer extends AutoCloseable {

    /** The reconnect delay the sample's servers suggest: long enough for a replacement to start listening. */
    Duration SUGGESTED_RECONNECT_DELAY = Duration.ofSeconds(2);

    /**
     * Why the server takes no new players now ({@code "draining"}, {@code "stopped"}), or null when
     * it does: its {@code /health/ready} check. Any thread.
     */
    String notReadyReason();

    /** Completes when the game server has stopped, true if everything queued was sent. */
    CompletableFuture<Boolean> drain(Duration deadline);
}

package io.gameport.client;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The one daemon thread that fails requests whose timeout passed. Cancelled timeouts are removed
 * at once, so answered requests leave nothing behind in its queue.
 */
final class RequestTimer {
    private static final ScheduledExecutorService SHARED = create();

    private RequestTimer() {
    }

    static ScheduledExecutorService shared() {
        return SHARED;
    }

    /** Guarded: an Error in a timeout task is fatal (FatalErrors), not kept in its future. */
    private static ScheduledExecutorService create() {
        return new io.gameport.net.GuardedTimer("gameport-request-timer");
    }
}

package io.gameport.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

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

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gameport-request-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}

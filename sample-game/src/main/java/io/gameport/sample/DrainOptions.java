package io.gameport.sample;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --drain-seconds N}: how long a server serves its connected players after SIGTERM, or after
 * {@code POST /admin/drain} without {@code deadline_s} (which may ask for up to the same maximum).
 */
public final class DrainOptions {

    static final int DEFAULT_DRAIN_SECONDS = 5;
    /** A drain's deadline is a hang guard for rolling restarts: an hour is already longer than any orchestrator waits. */
    static final int MAX_DRAIN_SECONDS = 3600;

    @Range(min = 0, max = MAX_DRAIN_SECONDS)
    @Option(names = "--drain-seconds", paramLabel = "N",
            description = "On SIGTERM (or POST /admin/drain without deadline_s), serve connected players until they leave or this many seconds"
                    + " pass (0..3600). Default: ${DEFAULT-VALUE}.")
    int seconds = DEFAULT_DRAIN_SECONDS;

    /** The longest drain anyone may ask for, on the command line or in {@code POST /admin/drain?deadline_s=N}. */
    static Duration maxDeadline() {
        return Duration.ofSeconds(MAX_DRAIN_SECONDS);
    }

    public Duration deadline() {
        return Duration.ofSeconds(seconds);
    }
}

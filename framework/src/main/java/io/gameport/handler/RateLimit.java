package io.gameport.handler;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit declared for one message type: at most {@code permits} messages per
 * {@code period} per session, with a burst of {@code permits} (a full bucket), and the policy
 * for a message that finds the bucket empty.
 *
 * @param permits messages allowed per period, and the largest burst; at least 1
 * @param period  the refill period; positive and at least {@code permits} nanoseconds
 * @param policy  what happens to a message over the limit
 */
public record RateLimit(int permits, Duration period, OverLimit policy) {

    public RateLimit {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(policy, "policy");
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, was " + permits);
        }
        if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("period must be > 0 and at most a day, was " + period);
        }
        if (period.toNanos() / permits < 1) {
            throw new IllegalArgumentException("period " + period + " is shorter than one nanosecond per permit ("
                    + permits + " permits)");
        }
    }

    /** Nanoseconds the bucket takes to refill one permit. */
    long nanosPerPermit() {
        return period.toNanos() / permits;
    }

    /** The bucket's size in refill time: {@code permits} permits. */
    long capacityNanos() {
        return nanosPerPermit() * permits;
    }
}

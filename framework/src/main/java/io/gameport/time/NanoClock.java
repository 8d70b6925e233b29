package io.gameport.time;

/**
 * The monotonic clock that inbound rate limits refill from and rate-limited logs count windows
 * with: {@link #SYSTEM} in a server, a hand-driven one in tests, so a limit's behaviour can be
 * asserted by counts without sleeping. Read on shard threads once per frame; must be cheap and
 * never block.
 */
@FunctionalInterface
public interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin, as {@link System#nanoTime()}: compare by subtraction only. */
    long nanoTime();
}

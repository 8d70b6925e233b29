package io.gameport.sample.bots;

/**
 * How long a client waits before trying again after "busy", "rate limited" or a refused connect:
 * exponential in the refusals in a row ({@code firstMs}, doubled each time, at most {@code maxMs}),
 * never less than what the server asked ({@code retry_after_ms}), plus up to as much again drawn
 * at random, so a crowd refused at the same moment does not come back as one.
 */
record Backoff(long firstMs, long maxMs) {

    /** The bots' back-off: from 100 ms, doubling to 5 s. */
    static final Backoff BOTS = new Backoff(100, 5_000);

    Backoff {
        if (firstMs < 1 || maxMs < firstMs) {
            throw new IllegalArgumentException("need 1 <= firstMs <= maxMs, was " + firstMs + " and " + maxMs);
        }
    }

    /**
     * @param refusals      refusals in a row so far, this one included (1 for the first)
     * @param serverAskedMs the server's retry_after_ms, 0 if none
     * @param draw          a uniform random number in [0, 1)
     */
    long delayMs(int refusals, long serverAskedMs, double draw) {
        long exponential = Math.min(maxMs, firstMs << Math.min(Math.max(refusals, 1) - 1, 30));
        long floor = Math.max(exponential, serverAskedMs);
        return floor + (long) (draw * floor);
    }
}

package io.gameport.handler;

/**
 * Token-bucket arithmetic kept in one {@code long} per bucket (the generic cell rate algorithm):
 * the bucket is represented by the time at which it will be full again ({@code fullAt}), so taking
 * from it is a clock comparison and an add, with no separate refill step, no allocation and no lock.
 *
 * <p>A bucket that refills one permit every {@code costNanos} and holds {@code capacityNanos /
 * costNanos} permits accepts a take while {@code fullAt} is at most {@code capacityNanos - cost}
 * ahead of now. Times compare by subtraction, so {@link System#nanoTime()} wrapping is harmless.
 * The caller owns the state array; buckets of one session are only touched by its shard thread.
 */
final class TokenBucket {

    private TokenBucket() {
    }

    /**
     * Takes {@code costNanos} worth of permits from bucket {@code index} of {@code fullAt} if it
     * holds them at {@code now}.
     *
     * @return true when taken (the state moved), false when over the limit (the state is unchanged)
     */
    static boolean tryTake(long[] fullAt, int index, long now, long costNanos, long capacityNanos) {
        long start = fullAt[index] - now < 0 ? now : fullAt[index];
        long next = start + costNanos;
        if (next - now > capacityNanos) {
            return false;
        }
        fullAt[index] = next;
        return true;
    }
}

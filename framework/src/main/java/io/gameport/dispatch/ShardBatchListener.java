package io.gameport.dispatch;

/**
 * Told when a shard reaches the end of a batch of events (the Disruptor's {@code endOfBatch}):
 * the moment to hand what the batch produced to the I/O workers in one go. Shard thread.
 */
@FunctionalInterface
public interface ShardBatchListener {

    ShardBatchListener NONE = shard -> { };

    void onEndOfBatch(int shard);
}

package io.gameport.dispatch;

import io.gameport.session.BatchedSendThread;

/**
 * The thread of one shard. What handlers send on it is batched ({@link BatchedSendThread}); the
 * shard flushes the batch at {@code endOfBatch}, one hand-off per I/O worker.
 */
final class ShardThread extends BatchedSendThread {

    ShardThread(Runnable processor, String name) {
        super(processor, name);
        setDaemon(true);
    }

    /** Hands the sends collected so far to their I/O workers; this thread only. */
    void flushSends() {
        batch().flush();
    }
}

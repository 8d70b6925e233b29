package io.gameport.dispatch;

import io.gameport.net.SendBatch;
import java.nio.ByteBuffer;

/**
 * The thread of one shard, carrying what its sends reuse: the {@link SendBatch} that collects a
 * Disruptor batch's outbound frames (flushed at {@code endOfBatch}, one hand-off per I/O worker)
 * and a scratch buffer to encode into. Sessions find them through {@link #current()}, so game
 * code sends the same way on a shard and elsewhere.
 */
public final class ShardThread extends Thread {

    private final SendBatch batch = new SendBatch();
    private ByteBuffer scratch = ByteBuffer.allocate(1024);

    ShardThread(Runnable processor, String name) {
        super(processor, name);
        setDaemon(true);
    }

    /** The calling thread if it is a shard's, else null. */
    public static ShardThread current() {
        Thread thread = Thread.currentThread();
        return thread instanceof ShardThread ? (ShardThread) thread : null;
    }

    /** The batch this shard's sends go into; shard thread only. */
    public SendBatch batch() {
        return batch;
    }

    /** A cleared buffer of at least {@code bytes}, valid until the next call; shard thread only. */
    public ByteBuffer scratch(int bytes) {
        if (scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocate(Math.max(bytes, scratch.capacity() * 2));
        }
        return scratch.clear();
    }
}

package io.gameport.session;

import io.gameport.net.SendBatch;
import java.nio.ByteBuffer;

/**
 * A thread whose session sends are batched: what a {@link Session} sends while running on it is
 * encoded into the thread's scratch buffer, copied at once into its {@link SendBatch}, and handed to
 * each I/O worker when the owner flushes the batch (a dispatch shard does at the end of each
 * Disruptor batch: one hand-off per worker instead of one per frame). Sends from any other thread go
 * to their connection on their own.
 *
 * <p>Defined here, where the send path is, and extended by the dispatch stage's shard thread, so
 * that sessions need not know about dispatch: a session tells the two paths apart with one type
 * check of the calling thread ({@link #current()}), no look-up and no lock.
 */
public abstract class BatchedSendThread extends Thread {

    private final SendBatch batch = new SendBatch();
    private ByteBuffer scratch = ByteBuffer.allocate(1024);

    protected BatchedSendThread(Runnable task, String name) {
        super(task, name);
    }

    /** The calling thread if its sends are batched, else null. */
    static BatchedSendThread current() {
        Thread thread = Thread.currentThread();
        return thread instanceof BatchedSendThread batched ? batched : null;
    }

    /** The batch this thread's sends go into; this thread only. */
    protected final SendBatch batch() {
        return batch;
    }

    /** A cleared buffer of at least {@code bytes}, valid until the next call; this thread only. */
    final ByteBuffer scratch(int bytes) {
        if (scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocate(Math.max(bytes, scratch.capacity() * 2));
        }
        return scratch.clear();
    }
}

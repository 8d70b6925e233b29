package io.gameport.session;

import java.nio.ByteBuffer;

/**
 * Where a resumable session's send is encoded when the encoding is copied before the send
 * returns (the replay log appends a copy at once): a shard's own scratch buffer, or one kept per
 * thread for every other thread (a game loop's, a timer's), so such a send allocates no buffer.
 * A thread keeps at most {@link #MAX_KEPT_BYTES}: a larger message gets a buffer of its own, so a
 * pool of application threads does not each hold the largest message it ever sent.
 */
final class CopiedEncodeScratch {

    static final int MAX_KEPT_BYTES = 64 * 1024;
    private static final ThreadLocal<CopiedEncodeScratch> PER_THREAD = ThreadLocal.withInitial(CopiedEncodeScratch::new);

    private ByteBuffer buffer = ByteBuffer.allocate(1024);

    private CopiedEncodeScratch() {
    }

    /** A cleared heap buffer of at least {@code bytes}, valid until the calling thread's next call. */
    static ByteBuffer take(int bytes) {
        BatchedSendThread shard = BatchedSendThread.current();
        if (shard != null) {
            return shard.scratch(bytes);
        }
        if (bytes > MAX_KEPT_BYTES) {
            return ByteBuffer.allocate(bytes);
        }
        return PER_THREAD.get().sized(bytes);
    }

    private ByteBuffer sized(int bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocate(Math.min(MAX_KEPT_BYTES, Math.max(bytes, buffer.capacity() * 2)));
        }
        return buffer.clear();
    }
}

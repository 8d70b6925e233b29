package io.gameport.session;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The game frames one side of a resumable session has sent and the other has not acknowledged
 * yet, in the order sent, so that they can be sent again after a resume. The n-th frame ever
 * appended is frame number n; an acknowledgement of n forgets every frame up to n.
 *
 * <p>Frames are kept as references to their encoded payloads, which must never change: a
 * broadcast's one encoding is shared by every recipient's log (nothing copied per recipient), a
 * frame encoded off a shard keeps its own buffer, and only a frame encoded into a shard's scratch
 * buffer is copied (once, into a buffer of its exact size). The ring of references grows by
 * doubling and is kept: appending allocates nothing once the ring is as large as the session's
 * usual backlog.
 *
 * <p>Not thread-safe: the owner (a session, a client) guards it.
 */
public final class ReplayLog {

    /** A frame's cost against a send quota: its payload plus the 4-byte length prefix. */
    public static final int PREFIX_BYTES = 4;

    private ByteBuffer[] ring = new ByteBuffer[16];
    private int head;
    private int size;
    private long appended;
    private long bytes;

    /** Keeps {@code payload} (position to limit; never to change) as the next frame. */
    public void append(ByteBuffer payload) {
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = payload;
        size++;
        appended++;
        bytes += payload.remaining() + PREFIX_BYTES;
    }

    /** Frames appended so far: the number of the last one. */
    public long appended() {
        return appended;
    }

    /** Frames the peer acknowledged: every frame up to this number is forgotten. */
    public long acknowledged() {
        return appended - size;
    }

    public int frames() {
        return size;
    }

    /** Bytes kept, 4 per frame for its length prefix included. */
    public long bytes() {
        return bytes;
    }

    /**
     * Forgets every frame up to number {@code received} ({@code acknowledged() <= received <= appended()},
     * checked by the caller); returns the bytes freed.
     */
    public long acknowledge(long received) {
        long freed = 0;
        int mask = ring.length - 1;
        while (appended - size < received) {
            ByteBuffer frame = ring[head];
            ring[head] = null;
            head = (head + 1) & mask;
            size--;
            freed += frame.remaining() + PREFIX_BYTES;
        }
        bytes -= freed;
        return freed;
    }

    /** Hands every kept frame, oldest first, to {@code sink}. */
    public void forEach(Consumer<ByteBuffer> sink) {
        int mask = ring.length - 1;
        for (int i = 0; i < size; i++) {
            sink.accept(ring[(head + i) & mask]);
        }
    }

    /** Hands every kept frame numbered above {@code number}, oldest first, to {@code sink}. */
    public void forEachAfter(long number, Consumer<ByteBuffer> sink) {
        int mask = ring.length - 1;
        long first = appended - size + 1;
        for (long n = Math.max(number + 1, first); n <= appended; n++) {
            sink.accept(ring[(head + (int) (n - first)) & mask]);
        }
    }

    /** Forgets everything (the session closed); returns the bytes freed. */
    public long clear() {
        long freed = bytes;
        acknowledge(appended);
        return freed;
    }

    private void grow() {
        ByteBuffer[] bigger = new ByteBuffer[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }
}

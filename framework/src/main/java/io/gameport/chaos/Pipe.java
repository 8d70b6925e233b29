package io.gameport.chaos;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One direction of a proxied connection: a fixed buffer of bytes read from the source and not yet
 * written to the destination, the release times that latency puts on them, and an optional cut
 * offset. Owned by the proxy's loop thread.
 *
 * <p>Latency is kept as marks: each read while latency is on (or older bytes are still held)
 * records where its bytes start in the stream and the time they may leave; the bytes before the
 * first held mark are free. The marks are a small fixed ring; while it is
 * full the pipe stops reading, so latency bounds memory like the buffer does.
 */
final class Pipe {

    private static final int MARKS = 64;

    /** Direct: a heap buffer would be copied through a temporary direct one on every read and write. Null once released. */
    private ByteBuffer buffer;
    /** Made on the first read under latency: most connections never see one, and churn makes many. */
    private long[] markStart;
    private long[] markReleaseNanos;
    private int markHead;
    private int markCount;

    private long readTotal;
    private long writtenTotal;
    private long cutAtTotal = -1;
    private boolean sourceEnded;
    private boolean destinationShut;

    /** Takes {@code emptyBuffer} (cleared) for its life; {@link #release} gives it back. */
    Pipe(ByteBuffer emptyBuffer) {
        this.buffer = emptyBuffer;
    }

    /** The buffer, for another pipe once this one's connection is closed; the pipe is unusable after. */
    ByteBuffer release() {
        ByteBuffer released = buffer;
        buffer = null;
        released.clear();
        return released;
    }

    boolean canRead() {
        return !sourceEnded && buffer.hasRemaining() && markCount < MARKS;
    }

    /** Reads once from {@code source}; false at end of stream. Throws what the read throws (a reset). */
    boolean readFrom(SocketChannel source, long nowNanos, long latencyNanos) throws IOException {
        int n = source.read(buffer);
        if (n < 0) {
            sourceEnded = true;
            return false;
        }
        if (n > 0) {
            readTotal += n;
            if (latencyNanos > 0 || markCount > 0) {
                // with latency off but older bytes still held, a mark due now keeps the order
                if (markStart == null) {
                    markStart = new long[MARKS];
                    markReleaseNanos = new long[MARKS];
                }
                int slot = (markHead + markCount) % MARKS;
                markStart[slot] = readTotal - n;
                markReleaseNanos[slot] = nowNanos + latencyNanos;
                markCount++;
            }
        }
        return true;
    }

    /** Bytes that may be written now: released by latency, and not past a cut. */
    long writable(long nowNanos) {
        while (markCount > 0 && markReleaseNanos[markHead] - nowNanos <= 0) {
            markHead = (markHead + 1) % MARKS;
            markCount--;
        }
        long released = markCount > 0 ? markStart[markHead] : readTotal;
        long limit = cutAtTotal >= 0 ? Math.min(released, cutAtTotal) : released;
        return limit - writtenTotal;
    }

    /** When the next held bytes are released, or {@link Long#MAX_VALUE} when none are held by latency. */
    long nextReleaseNanos() {
        return markCount > 0 ? markReleaseNanos[markHead] : Long.MAX_VALUE;
    }

    /** Writes what may leave now to {@code destination}; returns the bytes written. */
    int writeTo(SocketChannel destination, long nowNanos) throws IOException {
        long allowed = writable(nowNanos);
        if (allowed <= 0) {
            return 0;
        }
        buffer.flip();
        int dataEnd = buffer.limit();
        buffer.limit((int) Math.min(dataEnd, allowed));
        int n;
        try {
            n = destination.write(buffer);
        } finally {
            buffer.limit(dataEnd);
            buffer.compact();
        }
        writtenTotal += n;
        return n;
    }

    boolean hasBuffered() {
        return writtenTotal < readTotal;
    }

    /** Arms a cut: {@code bytes} more bytes are written, then the connection is reset. */
    void cutAfter(long bytes) {
        cutAtTotal = writtenTotal + bytes;
    }

    boolean cutReached() {
        return cutAtTotal >= 0 && writtenTotal >= cutAtTotal;
    }

    boolean sourceEnded() {
        return sourceEnded;
    }

    /** The source ended and everything read was written: the destination's output may be shut. */
    boolean drainedAfterEnd() {
        return sourceEnded && !hasBuffered();
    }

    boolean destinationShut() {
        return destinationShut;
    }

    void markDestinationShut() {
        destinationShut = true;
    }

    long readTotal() {
        return readTotal;
    }

    long writtenTotal() {
        return writtenTotal;
    }
}

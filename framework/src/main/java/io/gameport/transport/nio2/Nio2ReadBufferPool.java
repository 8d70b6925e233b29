package io.gameport.transport.nio2;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One port's receive buffers. A buffer is lent to a socket only while its receive is pending and
 * comes back right after that receive's delivery; at most {@code maxIdle} returned buffers are kept.
 *
 * <p>Direct buffers, because NIO2 copies heap buffers through a temporary direct one. NIO2 cannot
 * read zero bytes to learn that data is waiting (a read into a full buffer completes at once), so
 * unlike IOCP's zero-byte WSARecv an idle connection with an armed receive holds one buffer.
 *
 * <p>Owner thread only: buffers are acquired when a receive starts and released on delivery.
 */
final class Nio2ReadBufferPool {

    private final int bufferBytes;
    private final int maxIdle;
    private final ArrayDeque<ByteBuffer> idle;

    Nio2ReadBufferPool(int bufferBytes, int maxIdle) {
        this.bufferBytes = bufferBytes;
        this.maxIdle = maxIdle;
        this.idle = new ArrayDeque<>(maxIdle);
    }

    ByteBuffer acquire() {
        ByteBuffer buffer = idle.pollFirst();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(bufferBytes);
    }

    /** Takes a buffer back; {@code null} is ignored. Surplus buffers are left to the GC. */
    void release(ByteBuffer buffer) {
        if (buffer != null && idle.size() < maxIdle) {
            buffer.clear();
            idle.addFirst(buffer);
        }
    }

    int bufferBytes() {
        return bufferBytes;
    }

    int idleCount() {
        return idle.size();
    }

    void clear() {
        idle.clear();
    }
}

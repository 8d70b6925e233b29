package io.gameport.dispatch;

import io.gameport.net.CloseReason;
import io.gameport.session.Session;
import java.nio.ByteBuffer;

/**
 * One slot of a shard's ring, allocated once when the ring is built and refilled in place by the
 * publishing I/O worker. A frame's bytes are copied into the slot's own heap buffer, which grows
 * on demand up to the maximum frame size; past {@code retainedBytes} the grown buffer is dropped
 * after the frame is handled, so a burst of large frames does not pin memory in every slot.
 *
 * <p>Ownership follows the Disruptor's sequence protocol: the publisher owns the slot between
 * {@code next()} and {@code publish()}, the shard from then until its sequence passes the slot.
 */
final class InboundEvent {

    enum Kind { OPEN, FRAME, CLOSE, TASK, SUSPEND, RESUME }

    private final int retainedBytes;
    Kind kind;
    Session session;
    CloseReason closeReason;
    Runnable task;
    /** Bytes of this frame counted in its shard's {@link LargeFrameBudget}, 0 for a frame the slot's own buffer holds. */
    int reservedBytes;
    private ByteBuffer frame;

    InboundEvent(int retainedBytes) {
        this.retainedBytes = retainedBytes;
        this.frame = ByteBuffer.allocate(Math.min(retainedBytes, 256));
    }

    /** True when a frame of {@code length} bytes needs a buffer beyond what the slot keeps. */
    static boolean isLarge(int length, int retainedBytes) {
        return length > retainedBytes;
    }

    /**
     * Copies {@code payload}'s bytes (position to limit) without moving its position. Publisher
     * thread. {@code reserved} is what the publisher took from the large-frame budget for it.
     */
    void setFrame(Session owner, ByteBuffer payload, int reserved) {
        int length = payload.remaining();
        ByteBuffer buffer = frame;
        if (buffer.capacity() < length) {
            // Doubling up to the retained size amortises growth; beyond it the exact size is enough
            // because the buffer is dropped after use. The transport already capped length at the maximum frame.
            int grown = Math.max(length, Math.min(buffer.capacity() * 2, retainedBytes));
            buffer = ByteBuffer.allocate(grown);
            frame = buffer;
        }
        buffer.clear();
        buffer.put(0, payload, payload.position(), length);
        buffer.limit(length);
        kind = Kind.FRAME;
        session = owner;
        reservedBytes = reserved;
    }

    /** The copied frame, position 0 to its length. Shard thread. */
    ByteBuffer frame() {
        return frame;
    }

    /** Drops references so a handled slot keeps neither a closed session nor an oversized buffer alive. Shard thread. */
    void clear() {
        session = null;
        closeReason = null;
        task = null;
        reservedBytes = 0;
        if (frame.capacity() > retainedBytes) {
            frame = ByteBuffer.allocate(retainedBytes);
        }
    }
}

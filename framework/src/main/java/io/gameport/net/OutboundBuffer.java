package io.gameport.net;

import java.nio.ByteBuffer;

/**
 * One connection's queue of bytes to send, as a FIFO of pooled chunks, and the bookkeeping that
 * returns send quota exactly when the kernel has taken a frame's last byte.
 *
 * <p>Frames are appended as length prefix plus payload. {@link #prepareSend} exposes up to
 * {@link #MAX_GATHER} chunks from the head as one gathered send; {@link #onSent} consumes the
 * bytes a completion reports, which may be fewer than offered (a partial send): the rest stays at
 * the head and is offered first next time, so frames never reorder. An empty buffer holds no chunk.
 *
 * <p>Owned by one connection, used only on its worker thread.
 */
final class OutboundBuffer {

    /** Buffers per gathered send; IOV_MAX is far larger, this bounds a send to 16 chunks. */
    static final int MAX_GATHER = 16;

    private final ChunkPool pool;
    private OutboundChunk[] chunks = new OutboundChunk[4];
    private int head;
    private int count;
    private ByteBuffer[] gather;
    private int gatherUsed;

    /** Cumulative bytes appended and acknowledged; a frame is done when acknowledged passes its end. */
    private long appendedBytes;
    private long acknowledgedBytes;
    private long[] frameEnds = new long[8];
    private int frameHead;
    private int frameCount;

    OutboundBuffer(ChunkPool pool) {
        this.pool = pool;
    }

    boolean isEmpty() {
        return appendedBytes == acknowledgedBytes;
    }

    long pendingBytes() {
        return appendedBytes - acknowledgedBytes;
    }

    int pendingFrames() {
        return frameCount;
    }

    /** Appends a 4-byte big-endian length and the payload's bytes from position to limit, without moving the payload's position. */
    void appendFrame(ByteBuffer payload, int offset, int length) {
        long start = appendedBytes;
        OutboundChunk tail = writableTail();
        if (tail.writable() >= FrameDecoder.HEADER_BYTES) {
            tail.memory.putInt(tail.writeIndex, length);
            tail.writeIndex += FrameDecoder.HEADER_BYTES;
        } else {
            for (int shift = 24; shift >= 0; shift -= 8) {
                tail = writableTail();
                tail.memory.put(tail.writeIndex++, (byte) (length >>> shift));
            }
        }
        int copied = 0;
        while (copied < length) {
            tail = writableTail();
            int take = Math.min(tail.writable(), length - copied);
            tail.memory.put(tail.writeIndex, payload, offset + copied, take);
            tail.writeIndex += take;
            copied += take;
        }
        appendedBytes = start + FrameDecoder.HEADER_BYTES + length;
        pushFrameEnd(appendedBytes);
    }

    /**
     * Sets the send windows of up to {@link #MAX_GATHER} head chunks and returns them as the
     * gather array; {@link #gatherCount()} says how many entries are used.
     */
    ByteBuffer[] prepareSend() {
        if (gather == null) {
            gather = new ByteBuffer[MAX_GATHER];
        }
        int n = Math.min(count, MAX_GATHER);
        int used = 0;
        for (int i = 0; i < n; i++) {
            OutboundChunk chunk = chunks[(head + i) & (chunks.length - 1)];
            if (chunk.readable() == 0) {
                continue;
            }
            chunk.sendView.limit(chunk.writeIndex).position(chunk.readIndex);
            gather[used++] = chunk.sendView;
        }
        gatherUsed = used;
        return gather;
    }

    /** Bytes exposed by the last {@link #prepareSend}. */
    long offeredBytes() {
        long sum = 0;
        for (int i = 0; i < gatherUsed; i++) {
            sum += gather[i].remaining();
        }
        return sum;
    }

    int gatherCount() {
        return gatherUsed;
    }

    /**
     * Consumes {@code bytes} the kernel has taken from the head, returning emptied chunks to the pool.
     *
     * @return how many whole frames this completed (their quota may be returned)
     */
    int onSent(long bytes) {
        long left = bytes;
        while (left > 0) {
            if (count == 0 || chunks[head].readable() == 0) {
                throw new IllegalStateException("kernel acknowledged " + bytes + " bytes, " + left + " more than were offered");
            }
            OutboundChunk chunk = chunks[head];
            int take = (int) Math.min(left, chunk.readable());
            chunk.readIndex += take;
            left -= take;
            if (chunk.readable() == 0) {
                // Emptied chunks go back at once, the tail too, so an idle connection holds no memory.
                popHead();
            }
        }
        acknowledgedBytes += bytes;
        int done = 0;
        while (frameCount > 0 && frameEnds[frameHead] <= acknowledgedBytes) {
            frameHead = (frameHead + 1) & (frameEnds.length - 1);
            frameCount--;
            done++;
        }
        return done;
    }

    /** Returns every chunk to the pool; only once no send is in flight. */
    void release() {
        while (count > 0) {
            popHead();
        }
        appendedBytes = acknowledgedBytes = 0;
        frameHead = frameCount = 0;
    }

    private OutboundChunk writableTail() {
        if (count > 0) {
            OutboundChunk tail = chunks[(head + count - 1) & (chunks.length - 1)];
            if (tail.writable() > 0) {
                return tail;
            }
        }
        if (count == chunks.length) {
            OutboundChunk[] bigger = new OutboundChunk[chunks.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = chunks[(head + i) & (chunks.length - 1)];
            }
            chunks = bigger;
            head = 0;
        }
        OutboundChunk fresh = pool.take();
        chunks[(head + count) & (chunks.length - 1)] = fresh;
        count++;
        return fresh;
    }

    private void popHead() {
        OutboundChunk chunk = chunks[head];
        chunks[head] = null;
        head = (head + 1) & (chunks.length - 1);
        count--;
        pool.give(chunk);
    }

    private void pushFrameEnd(long end) {
        if (frameCount == frameEnds.length) {
            long[] bigger = new long[frameEnds.length * 2];
            for (int i = 0; i < frameCount; i++) {
                bigger[i] = frameEnds[(frameHead + i) & (frameEnds.length - 1)];
            }
            frameEnds = bigger;
            frameHead = 0;
        }
        frameEnds[(frameHead + frameCount) & (frameEnds.length - 1)] = end;
        frameCount++;
    }
}

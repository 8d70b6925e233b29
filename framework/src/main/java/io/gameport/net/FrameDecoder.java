package io.gameport.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into frames: a 4-byte big-endian length L, then L payload bytes.
 *
 * <p>A frame that lies whole inside one received chunk is handed out in place, as a window of
 * that chunk, without copying or allocating. Only a frame that spans chunks is gathered into an
 * assembly buffer, and that buffer grows with the bytes that actually arrived (it starts at
 * {@link #FIRST_ASSEMBLY_BYTES} or the bytes at hand, and doubles up to L), never with the length
 * a peer announced: five bytes announcing a 1 MiB frame hold 4 KiB, not 1 MiB. The memory a
 * partial frame holds is charged to its worker's {@link PartialFrameBudget}.
 *
 * <p>The receive chunk's byte order is big-endian for every header read, whatever a handler did
 * to the window it was given.
 *
 * <p>Owned by one connection, used only on its worker thread.
 */
final class FrameDecoder {

    static final int HEADER_BYTES = 4;
    /** The first capacity of an assembly buffer; also the largest one kept for the next split frame. */
    static final int FIRST_ASSEMBLY_BYTES = 4096;

    /** Receives decoded frames and decoding failures. */
    interface Sink {
        /** Returns false to stop decoding (the connection closed while handling the frame). */
        boolean onFrame(ByteBuffer payload);

        void onMalformed(CloseReason reason, long announcedLength);
    }

    private final int maxFrameBytes;
    private final PartialFrameBudget budget;
    /** Bytes of a header split across chunks, big-endian, accumulated in the low bits. */
    private int partialHeader;
    private int partialHeaderBytes;
    /** The frame being assembled across chunks (position = bytes received), or null between frames. */
    private ByteBuffer assembly;
    /** The announced length of the frame in {@link #assembly}. */
    private int assemblyLength;
    /** A small assembly buffer kept for the next split frame, so steady split traffic allocates nothing. */
    private ByteBuffer retained;

    FrameDecoder(int maxFrameBytes, PartialFrameBudget budget) {
        this.maxFrameBytes = maxFrameBytes;
        this.budget = budget;
    }

    /** True when some bytes of a frame (header or payload) have arrived but not the whole frame. */
    boolean midFrame() {
        return partialHeaderBytes > 0 || assembly != null;
    }

    /** Heap bytes held by the partial frame (its assembly buffer's capacity), 0 between frames. */
    int heldBytes() {
        return assembly == null ? 0 : assembly.capacity();
    }

    /** Bytes of the current frame received so far, for the log line of a close mid-frame. */
    String progress() {
        if (assembly != null) {
            return assembly.position() + " of " + assemblyLength + " payload bytes";
        }
        return partialHeaderBytes + " of " + HEADER_BYTES + " header bytes";
    }

    /**
     * Decodes everything in {@code data} (from its position to its limit), calling the sink for
     * each frame. Leaves {@code data}'s position at its limit unless the sink stopped decoding.
     */
    void decode(ByteBuffer data, Sink sink) {
        data.order(ByteOrder.BIG_ENDIAN);
        final int end = data.limit();
        while (data.position() < end) {
            if (assembly != null) {
                int received = assembly.position();
                int take = Math.min(assemblyLength - received, end - data.position());
                if (received + take > assembly.capacity()) {
                    grow(received + take);
                }
                assembly.put(received, data, data.position(), take);
                assembly.position(received + take);
                data.position(data.position() + take);
                if (assembly.position() < assemblyLength) {
                    return;
                }
                ByteBuffer frame = assembly.flip();
                assembly = null;
                budget.refund(frame.capacity());
                boolean goOn = sink.onFrame(frame);
                recycle(frame);
                if (!goOn) {
                    return;
                }
                continue;
            }
            long length;
            if (partialHeaderBytes == 0 && end - data.position() >= HEADER_BYTES) {
                length = data.getInt(data.position());
                data.position(data.position() + HEADER_BYTES);
            } else {
                while (partialHeaderBytes < HEADER_BYTES && data.position() < end) {
                    partialHeader = (partialHeader << 8) | (data.get() & 0xFF);
                    partialHeaderBytes++;
                }
                if (partialHeaderBytes < HEADER_BYTES) {
                    return;
                }
                length = partialHeader;
                partialHeader = 0;
                partialHeaderBytes = 0;
            }
            if (length < 0) {
                sink.onMalformed(CloseReason.NEGATIVE_FRAME_LENGTH, length);
                return;
            }
            if (length > maxFrameBytes) {
                sink.onMalformed(CloseReason.FRAME_TOO_LARGE, length);
                return;
            }
            int len = (int) length;
            if (end - data.position() >= len) {
                int frameStart = data.position();
                int frameEnd = frameStart + len;
                // Hand out a window of the chunk itself: no copy, no allocation.
                data.limit(frameEnd);
                boolean goOn = sink.onFrame(data);
                // The handler may have changed the window's order: the next header is big-endian.
                data.order(ByteOrder.BIG_ENDIAN);
                data.limit(end);
                data.position(frameEnd);
                if (!goOn) {
                    return;
                }
            } else {
                startAssembly(len, end - data.position());
            }
        }
    }

    /** Drops any partial frame and returns its bytes to the budget; called when the connection closes. */
    void reset() {
        if (assembly != null) {
            budget.refund(assembly.capacity());
            assembly = null;
        }
        retained = null;
        partialHeader = 0;
        partialHeaderBytes = 0;
    }

    /** Sizes the first buffer by what is at hand, not by what was announced. */
    private void startAssembly(int length, int available) {
        int capacity = Math.min(length, Math.max(FIRST_ASSEMBLY_BYTES, available));
        ByteBuffer buffer = retained;
        if (buffer != null && buffer.capacity() >= capacity) {
            retained = null;
            buffer.clear();
        } else {
            buffer = ByteBuffer.allocate(capacity);
        }
        assembly = buffer;
        assemblyLength = length;
        budget.charge(buffer.capacity());
    }

    /** Doubles (at least to {@code needed}, at most to the announced length), as Netty's cumulation does. */
    private void grow(int needed) {
        ByteBuffer old = assembly;
        int capacity = (int) Math.min(assemblyLength, Math.max((long) old.capacity() * 2, needed));
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        bigger.put(0, old, 0, old.position());
        bigger.position(old.position());
        assembly = bigger;
        budget.charge(capacity);
        budget.refund(old.capacity());
        recycle(old);
    }

    private void recycle(ByteBuffer buffer) {
        if (buffer.capacity() <= FIRST_ASSEMBLY_BYTES) {
            retained = buffer;
        }
    }
}

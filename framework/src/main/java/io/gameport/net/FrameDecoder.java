package io.gameport.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into frames: a 4-byte big-endian length L, then L payload bytes.
 *
 * <p>A frame that lies whole inside one received chunk is handed out in place, as a window of
 * that chunk, without copying. Only a frame that spans chunks is gathered into an assembly
 * buffer of exactly its length, which the configured maximum bounds: nothing a peer sends can
 * make the decoder allocate more than {@code maxFrameBytes}. An idle connection holds no buffer.
 *
 * <p>Owned by one connection, used only on its worker thread.
 */
final class FrameDecoder {

    static final int HEADER_BYTES = 4;
    /** Assembly buffers up to this size are kept for the next split frame; larger ones are dropped. */
    private static final int RETAINED_ASSEMBLY_BYTES = 4096;

    /** Receives decoded frames and decoding failures. */
    interface Sink {
        /** Returns false to stop decoding (the connection closed while handling the frame). */
        boolean onFrame(ByteBuffer payload);

        void onMalformed(CloseReason reason, long announcedLength);
    }

    private final int maxFrameBytes;
    /** Bytes of a header split across chunks, big-endian, accumulated in the low bits. */
    private int partialHeader;
    private int partialHeaderBytes;
    /** The frame being assembled across chunks, or null between frames. */
    private ByteBuffer assembly;
    private ByteBuffer retained;

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** True when some bytes of a frame (header or payload) have arrived but not the whole frame. */
    boolean midFrame() {
        return partialHeaderBytes > 0 || assembly != null;
    }

    /** Bytes of the current frame received so far, for the log line of a close mid-frame. */
    String progress() {
        if (assembly != null) {
            return assembly.position() + " of " + assembly.limit() + " payload bytes";
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
                int take = Math.min(assembly.remaining(), end - data.position());
                assembly.put(assembly.position(), data, data.position(), take);
                assembly.position(assembly.position() + take);
                data.position(data.position() + take);
                if (assembly.hasRemaining()) {
                    return;
                }
                ByteBuffer frame = assembly.flip();
                assembly = null;
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
                data.limit(end);
                data.position(frameEnd);
                if (!goOn) {
                    return;
                }
            } else {
                assembly = assemblyBuffer(len);
            }
        }
    }

    /** Drops any partial frame; called when the connection is released. */
    void reset() {
        assembly = null;
        retained = null;
        partialHeader = 0;
        partialHeaderBytes = 0;
    }

    private ByteBuffer assemblyBuffer(int length) {
        ByteBuffer buffer = retained;
        if (buffer != null && buffer.capacity() >= length) {
            retained = null;
            return buffer.clear().limit(length);
        }
        return ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
    }

    private void recycle(ByteBuffer frame) {
        if (frame.capacity() <= RETAINED_ASSEMBLY_BYTES) {
            retained = frame;
        }
    }
}

package io.gameport.net;

import java.nio.ByteBuffer;

/**
 * One I/O worker's TLS buffers: a stack of direct buffers that ciphertext is wrapped into (and
 * partial inbound records wait in), taken while a connection has ciphertext to send or keep and
 * given back as soon as it has none, so an idle TLS connection holds no buffer; and the one
 * plaintext buffer every connection of the worker unwraps into, whose frames are handed to the
 * decoder before the next unwrap. Worker thread only: no locks.
 */
final class TlsBuffers {

    /** Send buffers a trim always leaves; above it, as many as were in use at once ({@link RetainedBuffers}). */
    static final int RETAINED_FLOOR = 256;

    private final int bufferBytes;
    private final RetainedBuffers<ByteBuffer> free = new RetainedBuffers<>(RETAINED_FLOOR);
    private final ByteBuffer plaintext;
    private long allocated;

    /** Send buffers hold {@code recordsPerSend} full records; the plaintext buffer one record's plaintext. */
    TlsBuffers(int packetBytes, int applicationBytes, int recordsPerSend) {
        this.bufferBytes = packetBytes * recordsPerSend;
        this.plaintext = ByteBuffer.allocate(applicationBytes);
    }

    ByteBuffer take() {
        ByteBuffer buffer = free.take();
        if (buffer != null) {
            return buffer.clear();
        }
        try {
            buffer = ByteBuffer.allocateDirect(bufferBytes);
        } catch (OutOfMemoryError e) {
            free.notTaken();
            throw e;
        }
        allocated++;
        return buffer;
    }

    /** Buffers of another size (grown for a busy handshake, on the heap) were never taken here: left to the collector. */
    void give(ByteBuffer buffer) {
        if (buffer.isDirect() && buffer.capacity() == bufferBytes) {
            free.give(buffer);
        }
    }

    /** Gives free buffers beyond the last period's peak use back to the collector; returns how many. */
    int trim() {
        return free.trim();
    }

    int bufferBytes() {
        return bufferBytes;
    }

    ByteBuffer plaintext() {
        return plaintext.clear();
    }

    long allocatedCount() {
        return allocated;
    }

    int retainedCount() {
        return free.freeCount();
    }
}

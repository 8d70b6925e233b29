package io.gameport.net;

import java.nio.ByteBuffer;

/**
 * One I/O worker's TLS buffers. The engine only ever sees heap buffers: the JDK's AES-GCM copies
 * a direct buffer through temporary arrays on every record (about 2 KB of garbage per record of
 * a few KB, measured on JDK 17), where a heap buffer is encrypted in place. So the worker keeps
 * one heap buffer that ciphertext is staged in before it is unwrapped, one that records are
 * wrapped into before they are copied out to a direct send buffer (the kernel reads native
 * memory), and the one plaintext buffer every connection unwraps into, whose frames are handed to
 * the decoder before the next unwrap. Per connection, only while needed: a direct send buffer
 * while it has ciphertext to send, and a heap carry buffer while a partial record waits for its
 * rest; both are given back as soon as they are empty, so an idle TLS connection holds no buffer.
 * Worker thread only: no locks.
 */
final class TlsBuffers {

    /** Send buffers a trim always leaves; above it, as many as were in use at once ({@link RetainedBuffers}). */
    static final int RETAINED_FLOOR = 256;

    /** Carry buffers a trim always leaves: partial records are waiting on few connections at once. */
    static final int RETAINED_CARRY_FLOOR = 16;

    private final int bufferBytes;
    private final RetainedBuffers<ByteBuffer> free = new RetainedBuffers<>(RETAINED_FLOOR);
    private final RetainedBuffers<ByteBuffer> freeCarries = new RetainedBuffers<>(RETAINED_CARRY_FLOOR);
    private final ByteBuffer plaintext;
    private final ByteBuffer cipherInStage;
    private final ByteBuffer cipherOutStage;
    private long allocated;

    /** Send buffers hold {@code recordsPerSend} full records; the plaintext buffer one record's plaintext. */
    TlsBuffers(int packetBytes, int applicationBytes, int recordsPerSend) {
        this.bufferBytes = packetBytes * recordsPerSend;
        this.plaintext = ByteBuffer.allocate(applicationBytes);
        this.cipherInStage = ByteBuffer.allocate(bufferBytes);
        this.cipherOutStage = ByteBuffer.allocate(bufferBytes);
    }

    /** A heap buffer for one connection's partial record, held until the record is whole. */
    ByteBuffer takeCarry() {
        ByteBuffer buffer = freeCarries.take();
        return buffer != null ? buffer.clear() : ByteBuffer.allocate(bufferBytes);
    }

    /** A carry back; one grown past the usual size (a busy handshake) was never taken here and is left to the collector. */
    void giveCarry(ByteBuffer buffer) {
        if (!buffer.isDirect() && buffer.capacity() == bufferBytes) {
            freeCarries.give(buffer);
        }
    }

    /** The worker's staging buffer for received ciphertext, cleared: used and emptied within one call. */
    ByteBuffer cipherInStage() {
        return cipherInStage.clear();
    }

    /** The worker's buffer records are wrapped into, cleared: copied out to a send buffer within one call. */
    ByteBuffer cipherOutStage() {
        return cipherOutStage.clear();
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

    /** Gives free buffers beyond the last period's peak use back to the collector; returns how many send buffers. */
    int trim() {
        freeCarries.trim();
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

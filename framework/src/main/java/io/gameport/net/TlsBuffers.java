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

    private static final int MAX_RETAINED = 256;

    private final int bufferBytes;
    private final ByteBuffer[] free = new ByteBuffer[MAX_RETAINED];
    private int size;
    private final ByteBuffer plaintext;
    private long allocated;

    /** Send buffers hold {@code recordsPerSend} full records; the plaintext buffer one record's plaintext. */
    TlsBuffers(int packetBytes, int applicationBytes, int recordsPerSend) {
        this.bufferBytes = packetBytes * recordsPerSend;
        this.plaintext = ByteBuffer.allocate(applicationBytes);
    }

    ByteBuffer take() {
        if (size > 0) {
            ByteBuffer buffer = free[--size];
            free[size] = null;
            return buffer.clear();
        }
        allocated++;
        return ByteBuffer.allocateDirect(bufferBytes);
    }

    /** Buffers of another size (grown for a busy handshake) are left to the collector. */
    void give(ByteBuffer buffer) {
        if (buffer.isDirect() && buffer.capacity() == bufferBytes && size < free.length) {
            free[size++] = buffer;
        }
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
        return size;
    }
}

package io.gameport.net;

import io.gameport.transport.DirectMemoryExhaustedException;

/**
 * A worker-local stack of outbound chunks, so steady traffic reuses the same direct memory.
 * Chunks beyond {@code maxRetained} are left to the garbage collector when returned. Used by one
 * worker thread only: no locks.
 */
final class ChunkPool {
    private final int chunkBytes;
    private final OutboundChunk[] free;
    private int size;
    private long allocated;

    ChunkPool(int chunkBytes, int maxRetained) {
        this.chunkBytes = chunkBytes;
        this.free = new OutboundChunk[maxRetained];
    }

    OutboundChunk take() {
        if (size > 0) {
            OutboundChunk chunk = free[--size];
            free[size] = null;
            return chunk;
        }
        OutboundChunk chunk;
        try {
            chunk = new OutboundChunk(chunkBytes);
        } catch (OutOfMemoryError e) {
            // The JVM's direct memory is used up: the connection that needed the chunk is closed, not the worker.
            throw new DirectMemoryExhaustedException(chunkBytes, e);
        }
        allocated++;
        return chunk;
    }

    void give(OutboundChunk chunk) {
        chunk.reset();
        if (size < free.length) {
            free[size++] = chunk;
        }
    }

    int chunkBytes() {
        return chunkBytes;
    }

    /** Chunks created since start; a steady state stops growing it. */
    long allocatedCount() {
        return allocated;
    }

    int retainedCount() {
        return size;
    }
}

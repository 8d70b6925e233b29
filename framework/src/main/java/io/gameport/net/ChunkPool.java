package io.gameport.net;

import io.gameport.transport.DirectMemoryExhaustedException;

/**
 * A worker-local pool of outbound chunks, so steady traffic reuses the same direct memory. It
 * keeps as many chunks as were in use at once in the last trim period, at least
 * {@code retainedFloor} ({@link RetainedBuffers}). Used by one worker thread only: no locks.
 */
final class ChunkPool {
    private final int chunkBytes;
    private final RetainedBuffers<OutboundChunk> buffers;
    private long allocated;

    ChunkPool(int chunkBytes, int retainedFloor) {
        this.chunkBytes = chunkBytes;
        this.buffers = new RetainedBuffers<>(retainedFloor);
    }

    OutboundChunk take() {
        OutboundChunk chunk = buffers.take();
        if (chunk != null) {
            return chunk;
        }
        try {
            chunk = new OutboundChunk(chunkBytes);
        } catch (OutOfMemoryError e) {
            buffers.notTaken();
            // The JVM's direct memory is used up: the connection that needed the chunk is closed, not the worker.
            throw new DirectMemoryExhaustedException(chunkBytes, e);
        }
        allocated++;
        return chunk;
    }

    void give(OutboundChunk chunk) {
        chunk.reset();
        buffers.give(chunk);
    }

    /** Gives free chunks beyond the last period's peak use back to the collector; returns how many. */
    int trim() {
        return buffers.trim();
    }

    int chunkBytes() {
        return chunkBytes;
    }

    /** Chunks created since start; a steady state stops growing it. */
    long allocatedCount() {
        return allocated;
    }

    int retainedCount() {
        return buffers.freeCount();
    }
}

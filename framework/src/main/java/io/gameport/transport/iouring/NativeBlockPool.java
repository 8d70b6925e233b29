package io.gameport.transport.iouring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Fixed-size native blocks for what an in-flight SQE points at: a gathering send's msghdr and
 * iovec array, a connect's sockaddr, a timer's timespec. The kernel may read a block until the
 * operation's final CQE, so the port frees a block only when that CQE is reaped.
 *
 * <p>Blocks come from malloc'd chunks that are never moved or freed before {@link #close}, so a
 * block's address is stable; the pool grows a chunk at a time. Each chunk has a native-order
 * view through which the port writes blocks without JNI calls.
 *
 * <p>Thread contract: owner thread only.
 */
final class NativeBlockPool implements AutoCloseable {

    private static final int BLOCKS_PER_CHUNK = 64;

    final int blockSize;
    private long[] chunkAddresses = new long[4];
    private ByteBuffer[] chunkViews = new ByteBuffer[4];
    private int chunks;
    private int[] free = new int[BLOCKS_PER_CHUNK];
    private int freeCount;
    private int inUse;

    /** @param blockSize bytes per block, rounded up to 16 so every block stays 16-byte aligned */
    NativeBlockPool(int blockSize) {
        this.blockSize = (blockSize + 15) & ~15;
    }

    int allocate() throws IOException {
        if (freeCount == 0) {
            addChunk();
        }
        inUse++;
        return free[--freeCount];
    }

    void release(int block) {
        free[freeCount++] = block;
        inUse--;
    }

    long address(int block) {
        return chunkAddresses[block / BLOCKS_PER_CHUNK] + (long) (block % BLOCKS_PER_CHUNK) * blockSize;
    }

    /** The view holding {@code block}; write at {@link #offset(int)}. */
    ByteBuffer view(int block) {
        return chunkViews[block / BLOCKS_PER_CHUNK];
    }

    int offset(int block) {
        return (block % BLOCKS_PER_CHUNK) * blockSize;
    }

    int inUse() {
        return inUse;
    }

    private void addChunk() throws IOException {
        long bytes = (long) blockSize * BLOCKS_PER_CHUNK;
        long address = NativeMemory.allocateZeroed(bytes);
        if (chunks == chunkAddresses.length) {
            chunkAddresses = Arrays.copyOf(chunkAddresses, chunks * 2);
            chunkViews = Arrays.copyOf(chunkViews, chunks * 2);
        }
        chunkAddresses[chunks] = address;
        chunkViews[chunks] = NativeMemory.view(address, bytes);
        int first = chunks * BLOCKS_PER_CHUNK;
        chunks++;
        if (free.length < chunks * BLOCKS_PER_CHUNK) {
            free = Arrays.copyOf(free, chunks * BLOCKS_PER_CHUNK);
        }
        for (int b = first + BLOCKS_PER_CHUNK - 1; b >= first; b--) {
            free[freeCount++] = b;
        }
    }

    /** Frees every chunk. Only once no block can be read by the kernel any more. */
    @Override
    public void close() {
        for (int i = 0; i < chunks; i++) {
            NativeMemory.free(chunkAddresses[i]);
            chunkAddresses[i] = 0;
            chunkViews[i] = null;
        }
        chunks = 0;
        freeCount = 0;
    }
}

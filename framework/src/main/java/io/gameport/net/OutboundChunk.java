package io.gameport.net;

import java.nio.ByteBuffer;

/**
 * A fixed-size block of direct memory that outbound frames are copied into. Bytes
 * {@code [readIndex, writeIndex)} are waiting to be sent. {@link #sendView} is the window handed
 * to the completion port; it is set just before a send and left untouched until that send
 * completes, while new bytes may still be appended past it (the kernel reads only the window).
 */
final class OutboundChunk {
    final ByteBuffer memory;
    final ByteBuffer sendView;
    int readIndex;
    int writeIndex;

    OutboundChunk(int capacity) {
        this.memory = ByteBuffer.allocateDirect(capacity);
        this.sendView = memory.duplicate();
    }

    int capacity() {
        return memory.capacity();
    }

    int writable() {
        return memory.capacity() - writeIndex;
    }

    int readable() {
        return writeIndex - readIndex;
    }

    void reset() {
        readIndex = 0;
        writeIndex = 0;
    }
}

package io.gameport.transport.iouring;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.MemoryConstants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Raw native memory for the port: malloc'd blocks and anonymous or ring mappings, each viewed
 * through a native-order direct {@link ByteBuffer}. Nothing here is freed by a cleaner: the owner
 * frees explicitly, and only once the kernel can no longer touch the memory.
 */
final class NativeMemory {

    private NativeMemory() {
    }

    /** Zeroed memory from malloc (16-byte aligned). */
    static long allocateZeroed(long bytes) throws IOException {
        long address = Native.malloc(bytes);
        if (address == 0) {
            throw new IOException("malloc of " + bytes + " bytes failed");
        }
        new Pointer(address).setMemory(0, bytes, (byte) 0);
        return address;
    }

    static void free(long address) {
        if (address != 0) {
            Native.free(address);
        }
    }

    /** Private anonymous mapping: page aligned (the kernel requires it for a provided buffer ring), zero filled. */
    static long mapAnonymous(long bytes) throws IOException {
        long address = LibC.mmap(0, bytes, MemoryConstants.PROT_READ | MemoryConstants.PROT_WRITE,
                MemoryConstants.MAP_PRIVATE | MemoryConstants.MAP_ANONYMOUS, -1, 0);
        if (address == MemoryConstants.MAP_FAILED) {
            throw new IOException("mmap of " + bytes + " anonymous bytes failed: " + Errno.name(Native.getLastError()));
        }
        return address;
    }

    /** Maps a region of an io_uring descriptor (MAP_SHARED: the kernel and we see the same pages). */
    static long mapRing(int ringFd, long bytes, long offset) throws IOException {
        long address = LibC.mmap(0, bytes, MemoryConstants.PROT_READ | MemoryConstants.PROT_WRITE,
                MemoryConstants.MAP_SHARED | MemoryConstants.MAP_POPULATE, ringFd, offset);
        if (address == MemoryConstants.MAP_FAILED) {
            throw new IOException("mmap of io_uring region 0x" + Long.toHexString(offset) + " failed: "
                    + Errno.name(Native.getLastError()));
        }
        return address;
    }

    /** Unmaps; returns the errno name on failure so the caller can report it, or null. */
    static String unmap(long address, long bytes) {
        if (address == 0 || address == MemoryConstants.MAP_FAILED) {
            return null;
        }
        return LibC.munmap(address, bytes) == 0 ? null : Errno.name(Native.getLastError());
    }

    /** A native-order view of {@code bytes} at {@code address}; valid only while the memory is. */
    static ByteBuffer view(long address, long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a view covers at most 2 GiB: " + bytes);
        }
        return new Pointer(address).getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
    }
}

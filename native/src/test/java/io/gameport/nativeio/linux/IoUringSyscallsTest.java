package io.gameport.nativeio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

/**
 * Checks the layouts against the running kernel: after io_uring_setup the offsets it wrote into
 * {@code io_uring_params} must point at ring fields holding the sizes it reported.
 */
class IoUringSyscallsTest {

    @Test
    void setupReportsOffsetsThatPointAtTheRingSizes() {
        assumeTrue(Platform.isLinux(), "io_uring is Linux only");
        Memory params = new Memory(IoUringParamsLayout.SIZE);
        params.clear();
        int fd = IoUringSyscalls.setup(8, Pointer.nativeValue(params));
        assumeTrue(fd >= 0, () -> "io_uring unavailable here: " + Errno.name(-fd));
        long ring = MemoryConstants.MAP_FAILED;
        long length = 0;
        try {
            int sqEntries = params.getInt(IoUringParamsLayout.SQ_ENTRIES_OFFSET);
            int cqEntries = params.getInt(IoUringParamsLayout.CQ_ENTRIES_OFFSET);
            int features = params.getInt(IoUringParamsLayout.FEATURES_OFFSET);
            assertEquals(8, sqEntries);
            assertEquals(16, cqEntries, "the kernel sizes the CQ at twice the SQ by default");
            assumeTrue((features & IoUringConstants.IORING_FEAT_SINGLE_MMAP) != 0, "needs IORING_FEAT_SINGLE_MMAP");

            int sqOff = IoUringParamsLayout.SQ_OFF_OFFSET;
            int cqOff = IoUringParamsLayout.CQ_OFF_OFFSET;
            int sqArray = params.getInt(sqOff + IoSqringOffsetsLayout.ARRAY_OFFSET);
            int cqes = params.getInt(cqOff + IoCqringOffsetsLayout.CQES_OFFSET);
            length = Math.max(sqArray + 4L * sqEntries, cqes + (long) CqeLayout.SIZE * cqEntries);
            ring = LibC.mmap(0, length, MemoryConstants.PROT_READ | MemoryConstants.PROT_WRITE,
                    MemoryConstants.MAP_SHARED | MemoryConstants.MAP_POPULATE, fd, IoUringConstants.IORING_OFF_SQ_RING);
            assertTrue(ring != MemoryConstants.MAP_FAILED, "mmap of the ring failed");
            Pointer p = new Pointer(ring);
            assertEquals(sqEntries, p.getInt(params.getInt(sqOff + IoSqringOffsetsLayout.RING_ENTRIES_OFFSET)));
            assertEquals(sqEntries - 1, p.getInt(params.getInt(sqOff + IoSqringOffsetsLayout.RING_MASK_OFFSET)));
            assertEquals(cqEntries, p.getInt(params.getInt(cqOff + IoCqringOffsetsLayout.RING_ENTRIES_OFFSET)));
            assertEquals(cqEntries - 1, p.getInt(params.getInt(cqOff + IoCqringOffsetsLayout.RING_MASK_OFFSET)));
            assertEquals(0, p.getInt(params.getInt(cqOff + IoCqringOffsetsLayout.TAIL_OFFSET)));
        } finally {
            if (ring != MemoryConstants.MAP_FAILED) {
                LibC.munmap(ring, length);
            }
            LibC.close(fd);
        }
    }

    @Test
    void enterOnANonRingDescriptorReportsNegatedErrno() {
        assumeTrue(Platform.isLinux(), "io_uring is Linux only");
        int result = IoUringSyscalls.enter(-1, 0, 0, 0);
        assertEquals(-Errno.EBADF, result);
    }
}

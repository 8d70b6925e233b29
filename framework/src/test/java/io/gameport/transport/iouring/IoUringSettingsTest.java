package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.transport.iouring.IoUringSettings.TaskRunMode;
import org.junit.jupiter.api.Test;

class IoUringSettingsTest {

    @Test
    void rejectsRingAndBufferCountsThatAreNotPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new IoUringSettings(1000, 4096, 512, 16384, 64, 100, TaskRunMode.DEFER_TASKRUN));
        assertThrows(IllegalArgumentException.class, () -> new IoUringSettings(1024, 4096, 500, 16384, 64, 100, TaskRunMode.DEFER_TASKRUN));
    }

    @Test
    void rejectsACompletionQueueSmallerThanTheSubmissionQueue() {
        assertThrows(IllegalArgumentException.class, () -> new IoUringSettings(1024, 512, 512, 16384, 64, 100, TaskRunMode.DEFER_TASKRUN));
    }

    @Test
    void rejectsMoreBuffersThanTheKernelAllowsAndOutOfRangeSizes() {
        assertThrows(IllegalArgumentException.class, () -> new IoUringSettings(1024, 4096, 65536, 64, 64, 100, TaskRunMode.DEFER_TASKRUN));
        assertThrows(IllegalArgumentException.class, () -> new IoUringSettings(1024, 4096, 512, 16, 64, 100, TaskRunMode.DEFER_TASKRUN));
        assertThrows(IllegalArgumentException.class, () -> new IoUringSettings(1024, 4096, 512, 16384, 0, 100, TaskRunMode.DEFER_TASKRUN));
        assertThrows(IllegalArgumentException.class, () -> new IoUringSettings(1024, 4096, 512, 16384, 64, 0, TaskRunMode.DEFER_TASKRUN));
        assertThrows(IllegalArgumentException.class, () -> new IoUringSettings(1024, 4096, 512, 16384, 64, 100, null));
    }

    @Test
    void rejectsBuffersOfExactlyTwoGibibytesInAllNamingBothFields() {
        // 32768 x 65536 = 2^31: one byte more than one ByteBuffer view of the mapping can cover.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IoUringSettings(1024, 4096, 32768, 65536, 64, 100, TaskRunMode.DEFER_TASKRUN));
        assertTrue(e.getMessage().contains("bufferCount") && e.getMessage().contains("bufferSizeBytes"), e.getMessage());
        assertTrue(e.getMessage().contains("32768 x 65536"), e.getMessage());
        new IoUringSettings(1024, 4096, 32768, 65535, 64, 100, TaskRunMode.DEFER_TASKRUN);
    }

    @Test
    void defaultsAreValid() {
        assertTrue(IoUringSettings.defaults().bufferCount() > 0);
    }

    @Test
    void setupFailuresAreExplainedInOneLine() {
        for (int errno : new int[] {io.gameport.nativeio.linux.Errno.EPERM, io.gameport.nativeio.linux.Errno.ENOSYS,
                io.gameport.nativeio.linux.Errno.EINVAL, io.gameport.nativeio.linux.Errno.ENOMEM, 77}) {
            String message = IoUringBackend.describeSetupFailure(errno, "0");
            assertTrue(message.startsWith("io_uring unavailable: "), message);
            assertFalse(message.contains("\n"), message);
        }
        assertTrue(IoUringBackend.describeSetupFailure(io.gameport.nativeio.linux.Errno.EPERM, "0").contains("seccomp"));
        assertTrue(IoUringBackend.describeSetupFailure(io.gameport.nativeio.linux.Errno.EPERM, "1").contains("io_uring_group"));
    }

    @Test
    void kernelVersionCheckReadsMajorAndMinor() {
        assertTrue(IoUringBackend.atLeast("6.18.44-fc-v782", 6, 0));
        assertTrue(IoUringBackend.atLeast("6.0", 6, 0));
        assertFalse(IoUringBackend.atLeast("5.15.0-91-generic", 6, 0));
        assertTrue(IoUringBackend.atLeast("garbage", 6, 0), "an unparsable version leaves the decision to io_uring_setup");
    }
}

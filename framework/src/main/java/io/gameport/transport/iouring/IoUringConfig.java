package io.gameport.transport.iouring;

import io.gameport.nativeio.linux.IoUringConstants;

/**
 * Settings of the io_uring backend, one value per port (every I/O worker gets the same).
 *
 * @param submissionQueueEntries SQ size (power of two, at least 8). A full SQ is submitted early,
 *                               so this bounds SQEs per io_uring_enter, not operations in flight.
 * @param completionQueueEntries CQ size (power of two, at least the SQ size). Multishot accept
 *                               and receive post many CQEs per SQE: keep it a few times the SQ.
 * @param bufferCount            provided receive buffers per port (power of two, at most 32768).
 *                               Buffers are taken only when data arrives and are recycled as soon
 *                               as the handler returns, so this bounds receives per batch, not
 *                               connections.
 * @param bufferSizeBytes        bytes per provided buffer: the largest single receive completion;
 *                               bufferCount x bufferSizeBytes must stay below 2 GiB
 * @param maxSendBuffers         most buffers one gathering send passes to the kernel; a send of more
 *                               completes as a partial send of the first ones
 * @param acceptRetryDelayMs     how long an armed accept waits before re-arming after the process
 *                               ran out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM)
 * @param taskRunMode            how the kernel runs completion work (see {@link TaskRunMode})
 */
public record IoUringConfig(
        int submissionQueueEntries,
        int completionQueueEntries,
        int bufferCount,
        int bufferSizeBytes,
        int maxSendBuffers,
        long acceptRetryDelayMs,
        TaskRunMode taskRunMode) {

    /** 1024 SQEs, 4096 CQEs, 512 buffers of 16 KiB (8 MiB of address space, resident as used), 64 iovecs. */
    public static final IoUringConfig DEFAULTS =
            new IoUringConfig(1024, 4096, 512, 16 * 1024, 64, 100, TaskRunMode.DEFER_TASKRUN);

    /** The io_uring setup flags that decide where and when the kernel runs completion work. */
    public enum TaskRunMode {
        /**
         * SINGLE_ISSUER | DEFER_TASKRUN (Linux 6.1): completions are produced only while the owner
         * is inside io_uring_enter, in one batch, and never interrupt it elsewhere.
         */
        DEFER_TASKRUN,
        /** SINGLE_ISSUER | COOP_TASKRUN | TASKRUN_FLAG (Linux 6.0): work runs at the owner's next kernel entry. */
        COOP_TASKRUN
    }

    public IoUringConfig {
        requirePowerOfTwo("submissionQueueEntries", submissionQueueEntries, 8, 32768);
        requirePowerOfTwo("completionQueueEntries", completionQueueEntries, submissionQueueEntries, 65536);
        requirePowerOfTwo("bufferCount", bufferCount, 1, IoUringConstants.MAX_BUFFER_RING_ENTRIES);
        if (bufferSizeBytes < 64 || bufferSizeBytes > (1 << 24)) {
            throw new IllegalArgumentException("bufferSizeBytes must be in [64, 16 MiB]: " + bufferSizeBytes);
        }
        // The buffers are one mapping viewed as one ByteBuffer, whose capacity is an int: 2^31 is one too many.
        if ((long) bufferSizeBytes * bufferCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bufferCount x bufferSizeBytes must be below 2 GiB (2^31 bytes): "
                    + bufferCount + " x " + bufferSizeBytes + " = " + (long) bufferSizeBytes * bufferCount);
        }
        if (maxSendBuffers < 1 || maxSendBuffers > 1024) {
            throw new IllegalArgumentException("maxSendBuffers must be in [1, 1024] (IOV_MAX): " + maxSendBuffers);
        }
        if (acceptRetryDelayMs < 1) {
            throw new IllegalArgumentException("acceptRetryDelayMs must be >= 1: " + acceptRetryDelayMs);
        }
        if (taskRunMode == null) {
            throw new IllegalArgumentException("taskRunMode is required");
        }
    }

    private static void requirePowerOfTwo(String name, int value, int min, int max) {
        if (value < min || value > max || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(name + " must be a power of two in [" + min + ", " + max + "]: " + value);
        }
    }
}

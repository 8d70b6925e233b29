package io.gameport.transport.iouring;

import io.gameport.nativeio.linux.IoUringConstants;
import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * Settings of the io_uring backend, one value per port (every I/O worker gets the same).
 * Immutable; validated on construction.
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
public record IoUringSettings(
        int submissionQueueEntries,
        int completionQueueEntries,
        int bufferCount,
        int bufferSizeBytes,
        int maxSendBuffers,
        long acceptRetryDelayMs,
        TaskRunMode taskRunMode) {

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

    public IoUringSettings {
        Require.powerOfTwo("IoUringSettings.submissionQueueEntries", submissionQueueEntries, 8, 32768);
        Require.powerOfTwo("IoUringSettings.completionQueueEntries", completionQueueEntries, 8, 65536);
        Require.atLeast("IoUringSettings.completionQueueEntries", completionQueueEntries, "submissionQueueEntries", submissionQueueEntries);
        Require.powerOfTwo("IoUringSettings.bufferCount", bufferCount, 1, IoUringConstants.MAX_BUFFER_RING_ENTRIES);
        Require.inRange("IoUringSettings.bufferSizeBytes", bufferSizeBytes, 64, 1 << 24);
        // The buffers are one mapping viewed as one ByteBuffer, whose capacity is an int: 2^31 is one too many.
        if ((long) bufferSizeBytes * bufferCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("IoUringSettings.bufferCount x bufferSizeBytes must be below 2 GiB (2^31 bytes), was "
                    + bufferCount + " x " + bufferSizeBytes + " = " + (long) bufferSizeBytes * bufferCount);
        }
        // IOV_MAX
        Require.inRange("IoUringSettings.maxSendBuffers", maxSendBuffers, 1, 1024);
        Require.atLeast("IoUringSettings.acceptRetryDelayMs", acceptRetryDelayMs, 1);
        Require.set("IoUringSettings.taskRunMode", taskRunMode);
    }

    /** 1024 SQEs, 4096 CQEs, 512 buffers of 16 KiB (8 MiB of address space, resident as used), 64 iovecs. */
    public static IoUringSettings defaults() {
        return new IoUringSettings(1024, 4096, 512, 16 * 1024, 64, 100, TaskRunMode.DEFER_TASKRUN);
    }

    public IoUringSettings withSubmissionQueueEntries(int value) {
        return Records.with(this, "submissionQueueEntries", value);
    }

    public IoUringSettings withCompletionQueueEntries(int value) {
        return Records.with(this, "completionQueueEntries", value);
    }

    public IoUringSettings withBufferCount(int value) {
        return Records.with(this, "bufferCount", value);
    }

    public IoUringSettings withBufferSizeBytes(int value) {
        return Records.with(this, "bufferSizeBytes", value);
    }

    public IoUringSettings withMaxSendBuffers(int value) {
        return Records.with(this, "maxSendBuffers", value);
    }

    public IoUringSettings withAcceptRetryDelayMs(long value) {
        return Records.with(this, "acceptRetryDelayMs", value);
    }

    public IoUringSettings withTaskRunMode(TaskRunMode value) {
        return Records.with(this, "taskRunMode", value);
    }
}

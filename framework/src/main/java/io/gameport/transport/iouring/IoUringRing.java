package io.gameport.transport.iouring;

import static io.gameport.nativeio.linux.IoUringConstants.IORING_FEAT_NODROP;
import static io.gameport.nativeio.linux.IoUringConstants.IORING_FEAT_SINGLE_MMAP;
import static io.gameport.nativeio.linux.IoUringConstants.IORING_SETUP_COOP_TASKRUN;
import static io.gameport.nativeio.linux.IoUringConstants.IORING_SETUP_CQSIZE;
import static io.gameport.nativeio.linux.IoUringConstants.IORING_SETUP_DEFER_TASKRUN;
import static io.gameport.nativeio.linux.IoUringConstants.IORING_SETUP_NO_SQARRAY;
import static io.gameport.nativeio.linux.IoUringConstants.IORING_SETUP_SINGLE_ISSUER;
import static io.gameport.nativeio.linux.IoUringConstants.IORING_SETUP_SUBMIT_ALL;
import static io.gameport.nativeio.linux.IoUringConstants.IORING_SETUP_TASKRUN_FLAG;

import io.gameport.nativeio.linux.CqeLayout;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.IoCqringOffsetsLayout;
import io.gameport.nativeio.linux.IoSqringOffsetsLayout;
import io.gameport.nativeio.linux.IoUringConstants;
import io.gameport.nativeio.linux.IoUringParamsLayout;
import io.gameport.nativeio.linux.IoUringSyscalls;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.RsrcUpdateLayout;
import io.gameport.nativeio.linux.SqeLayout;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One io_uring instance: its descriptor, the mapped SQ ring, CQ ring and SQE array, and the
 * Java-side cursors. Knows nothing about sockets or operations.
 *
 * <p>Memory ordering (the kernel is the other party): SQ: write the SQE (and the index array),
 * then release-store the tail; the kernel's head is acquire-loaded. CQ: acquire-load the tail,
 * read the CQEs, then release-store the head. Every index is a free-running u32 masked on use.
 *
 * <p>Thread contract: owned by one thread (the ring is created SINGLE_ISSUER by that thread).
 */
final class IoUringRing implements AutoCloseable {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    final int fd;
    final int setupFlags;
    final int features;
    final int sqEntries;
    final int cqEntries;

    private final boolean deferTaskrun;
    private final long ringAddress;
    private final long ringLength;
    private final long cqRingAddress;
    private final long cqRingLength;
    private final long sqesAddress;
    private final long sqesLength;
    private final ByteBuffer sqRing;
    private final ByteBuffer cqRing;
    private final ByteBuffer sqes;

    private final int sqHeadOffset;
    private final int sqTailOffset;
    private final int sqFlagsOffset;
    private final int sqArrayOffset;
    private final int sqMask;
    private final int cqHeadOffset;
    private final int cqTailOffset;
    private final int cqOverflowOffset;
    private final int cqesOffset;
    private final int cqMask;

    /** ring fd, or its registered index when {@link #enterFlags} carries ENTER_REGISTERED_RING. */
    private int enterFd;
    private int enterFlags;

    /** The next SQ tail to publish: SQEs at [published tail, sqTail) are written but not yet visible. */
    private int sqTail;
    /** Our CQ head: CQEs before it were consumed; published to the kernel by {@link #releaseCqHead}. */
    private int cqHead;

    private IoUringRing(int fd, int setupFlags, long params) throws IOException {
        this.fd = fd;
        this.setupFlags = setupFlags;
        ByteBuffer p = NativeMemory.view(params, IoUringParamsLayout.SIZE);
        this.features = p.getInt(IoUringParamsLayout.FEATURES_OFFSET);
        this.sqEntries = p.getInt(IoUringParamsLayout.SQ_ENTRIES_OFFSET);
        this.cqEntries = p.getInt(IoUringParamsLayout.CQ_ENTRIES_OFFSET);
        this.deferTaskrun = (setupFlags & IORING_SETUP_DEFER_TASKRUN) != 0;
        int sq = IoUringParamsLayout.SQ_OFF_OFFSET;
        int cq = IoUringParamsLayout.CQ_OFF_OFFSET;
        sqHeadOffset = p.getInt(sq + IoSqringOffsetsLayout.HEAD_OFFSET);
        sqTailOffset = p.getInt(sq + IoSqringOffsetsLayout.TAIL_OFFSET);
        sqFlagsOffset = p.getInt(sq + IoSqringOffsetsLayout.FLAGS_OFFSET);
        boolean noSqArray = (setupFlags & IORING_SETUP_NO_SQARRAY) != 0;
        sqArrayOffset = noSqArray ? -1 : p.getInt(sq + IoSqringOffsetsLayout.ARRAY_OFFSET);
        cqHeadOffset = p.getInt(cq + IoCqringOffsetsLayout.HEAD_OFFSET);
        cqTailOffset = p.getInt(cq + IoCqringOffsetsLayout.TAIL_OFFSET);
        cqOverflowOffset = p.getInt(cq + IoCqringOffsetsLayout.OVERFLOW_OFFSET);
        cqesOffset = p.getInt(cq + IoCqringOffsetsLayout.CQES_OFFSET);

        if ((features & IORING_FEAT_NODROP) == 0) {
            throw new IOException("io_uring lacks IORING_FEAT_NODROP (Linux 5.5+): completions could be dropped");
        }
        // Without the index array the SQ part of the mapping ends with its control words.
        long sqLength = noSqArray ? Math.max(sqFlagsOffset, sqTailOffset) + 4L : sqArrayOffset + 4L * sqEntries;
        long cqLength = cqesOffset + (long) CqeLayout.SIZE * cqEntries;
        long ring = 0;
        long cqRingMap = 0;
        long sqesMap = 0;
        try {
            if ((features & IORING_FEAT_SINGLE_MMAP) != 0) {
                ringLength = Math.max(sqLength, cqLength);
                ring = NativeMemory.mapRing(fd, ringLength, IoUringConstants.IORING_OFF_SQ_RING);
                cqRingLength = 0;
            } else {
                ringLength = sqLength;
                ring = NativeMemory.mapRing(fd, ringLength, IoUringConstants.IORING_OFF_SQ_RING);
                cqRingLength = cqLength;
                cqRingMap = NativeMemory.mapRing(fd, cqRingLength, IoUringConstants.IORING_OFF_CQ_RING);
            }
            sqesLength = (long) SqeLayout.SIZE * sqEntries;
            sqesMap = NativeMemory.mapRing(fd, sqesLength, IoUringConstants.IORING_OFF_SQES);
        } catch (IOException e) {
            NativeMemory.unmap(ring, Math.max(sqLength, cqLength));
            NativeMemory.unmap(cqRingMap, cqLength);
            throw e;
        }
        ringAddress = ring;
        cqRingAddress = cqRingMap;
        sqesAddress = sqesMap;
        sqRing = NativeMemory.view(ringAddress, ringLength);
        cqRing = cqRingMap == 0 ? sqRing : NativeMemory.view(cqRingMap, cqRingLength);
        sqes = NativeMemory.view(sqesAddress, sqesLength);
        sqMask = sqRing.getInt(p.getInt(sq + IoSqringOffsetsLayout.RING_MASK_OFFSET));
        cqMask = cqRing.getInt(p.getInt(cq + IoCqringOffsetsLayout.RING_MASK_OFFSET));
        sqTail = (int) INT.getAcquire(sqRing, sqTailOffset);
        cqHead = (int) INT.getAcquire(cqRing, cqHeadOffset);
        enterFd = fd;
        enterFlags = 0;
    }

    /**
     * Creates a ring owned by the calling thread. Tries the requested task-run mode with NO_SQARRAY
     * first and falls back (EINVAL) to older flag sets, so that a 6.0 kernel still gets a ring.
     */
    static IoUringRing open(int sqEntries, int cqEntries, IoUringSettings.TaskRunMode mode) throws IOException {
        int base = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL;
        int defer = base | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
        int coop = base | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG;
        int[] attempts = mode == IoUringSettings.TaskRunMode.DEFER_TASKRUN
                ? new int[] {defer | IORING_SETUP_NO_SQARRAY, defer, coop | IORING_SETUP_NO_SQARRAY, coop, base}
                : new int[] {coop | IORING_SETUP_NO_SQARRAY, coop, base};
        long params = NativeMemory.allocateZeroed(IoUringParamsLayout.SIZE);
        try {
            int lastError = Errno.EINVAL;
            for (int flags : attempts) {
                ByteBuffer p = NativeMemory.view(params, IoUringParamsLayout.SIZE);
                for (int i = 0; i < IoUringParamsLayout.SIZE; i += 4) {
                    p.putInt(i, 0);
                }
                p.putInt(IoUringParamsLayout.FLAGS_OFFSET, flags);
                p.putInt(IoUringParamsLayout.CQ_ENTRIES_OFFSET, cqEntries);
                int fd = IoUringSyscalls.setup(sqEntries, params);
                if (fd >= 0) {
                    try {
                        return new IoUringRing(fd, flags, params);
                    } catch (IOException | RuntimeException e) {
                        LibC.close(fd);
                        throw e;
                    }
                }
                lastError = -fd;
                if (lastError != Errno.EINVAL) {
                    break;
                }
            }
            throw new SetupException(lastError);
        } finally {
            NativeMemory.free(params);
        }
    }

    /** io_uring_setup failed with {@link #errno}. */
    static final class SetupException extends IOException {
        final int errno;

        SetupException(int errno) {
            super("io_uring_setup failed: " + Errno.name(errno));
            this.errno = errno;
        }
    }

    /**
     * Registers the ring's own descriptor (IORING_REGISTER_RING_FDS, 5.18) so that each enter skips
     * the descriptor-table lookup and reference count a multi-threaded process pays. Optional:
     * returns false and keeps using the plain fd when the kernel refuses.
     */
    boolean registerRingFd() throws IOException {
        long update = NativeMemory.allocateZeroed(RsrcUpdateLayout.SIZE);
        try {
            ByteBuffer u = NativeMemory.view(update, RsrcUpdateLayout.SIZE);
            u.putInt(RsrcUpdateLayout.OFFSET_OFFSET, -1);
            u.putLong(RsrcUpdateLayout.DATA_OFFSET, fd);
            int r = IoUringSyscalls.register(fd, IoUringConstants.IORING_REGISTER_RING_FDS, update, 1);
            if (r != 1) {
                return false;
            }
            enterFd = u.getInt(RsrcUpdateLayout.OFFSET_OFFSET);
            enterFlags = IoUringConstants.IORING_ENTER_REGISTERED_RING;
            return true;
        } finally {
            NativeMemory.free(update);
        }
    }

    boolean deferTaskrun() {
        return deferTaskrun;
    }

    // ---------------------------------------------------------------- submission queue

    /** Free SQ slots, counting SQEs written but not yet consumed by the kernel. */
    int sqSpace() {
        return sqEntries - (sqTail - (int) INT.getAcquire(sqRing, sqHeadOffset));
    }

    /** SQEs written (published or not) that the kernel has not consumed yet. */
    int sqPending() {
        return sqTail - (int) INT.getAcquire(sqRing, sqHeadOffset);
    }

    /**
     * Writes one whole SQE (every byte, since SQE slots are reused) at the tail. The caller has
     * checked {@link #sqSpace()}. Becomes visible to the kernel at {@link #enter}.
     */
    void prepare(byte opcode, byte flags, short ioprio, int fd, long off, long addr, int len, int opFlags,
                 long userData, short bufGroup) {
        int index = sqTail & sqMask;
        int base = index * SqeLayout.SIZE;
        ByteBuffer s = sqes;
        s.put(base + SqeLayout.OPCODE_OFFSET, opcode);
        s.put(base + SqeLayout.FLAGS_OFFSET, flags);
        s.putShort(base + SqeLayout.IOPRIO_OFFSET, ioprio);
        s.putInt(base + SqeLayout.FD_OFFSET, fd);
        s.putLong(base + SqeLayout.OFF_OFFSET, off);
        s.putLong(base + SqeLayout.ADDR_OFFSET, addr);
        s.putInt(base + SqeLayout.LEN_OFFSET, len);
        s.putInt(base + SqeLayout.OP_FLAGS_OFFSET, opFlags);
        s.putLong(base + SqeLayout.USER_DATA_OFFSET, userData);
        s.putShort(base + SqeLayout.BUF_GROUP_OFFSET, bufGroup);
        s.putShort(base + SqeLayout.PERSONALITY_OFFSET, (short) 0);
        s.putInt(base + SqeLayout.FILE_INDEX_OFFSET, 0);
        s.putLong(base + SqeLayout.ADDR3_OFFSET, 0L);
        s.putLong(base + SqeLayout.PAD2_OFFSET, 0L);
        if (sqArrayOffset >= 0) {
            // Without NO_SQARRAY the kernel reads the SQE index from array[tail & mask].
            sqRing.putInt(sqArrayOffset + 4 * index, index);
        }
        sqTail++;
    }

    /**
     * Publishes the SQ tail (release: the SQE bytes above become visible first) and calls
     * io_uring_enter once. GETEVENTS is added when waiting, with DEFER_TASKRUN (completions are
     * produced only inside a GETEVENTS enter), and when the kernel flags a CQ overflow or pending
     * task work.
     *
     * @return the number of SQEs consumed, or -errno
     */
    int enter(int minComplete, boolean getEvents) {
        INT.setRelease(sqRing, sqTailOffset, sqTail);
        int toSubmit = sqPending();
        int flags = enterFlags;
        if (getEvents || minComplete > 0) {
            flags |= IoUringConstants.IORING_ENTER_GETEVENTS;
        }
        return IoUringSyscalls.enter(enterFd, toSubmit, minComplete, flags);
    }

    /** True when a GETEVENTS enter is needed to see every completion even without waiting. */
    boolean needsGetEvents() {
        if (deferTaskrun) {
            return true;
        }
        int flags = (int) INT.getAcquire(sqRing, sqFlagsOffset);
        return (flags & (IoUringConstants.IORING_SQ_CQ_OVERFLOW | IoUringConstants.IORING_SQ_TASKRUN)) != 0;
    }

    /** True when the kernel holds completions in its overflow list because the CQ was full. */
    boolean cqOverflowPending() {
        return ((int) INT.getAcquire(sqRing, sqFlagsOffset) & IoUringConstants.IORING_SQ_CQ_OVERFLOW) != 0;
    }

    // ---------------------------------------------------------------- completion queue

    int cqHead() {
        return cqHead;
    }

    int cqTailAcquire() {
        return (int) INT.getAcquire(cqRing, cqTailOffset);
    }

    /** Completions the kernel posted that we have not consumed. */
    int cqReady() {
        return cqTailAcquire() - cqHead;
    }

    long cqeUserData(int head) {
        return cqRing.getLong(cqesOffset + (head & cqMask) * CqeLayout.SIZE + CqeLayout.USER_DATA_OFFSET);
    }

    int cqeResult(int head) {
        return cqRing.getInt(cqesOffset + (head & cqMask) * CqeLayout.SIZE + CqeLayout.RES_OFFSET);
    }

    int cqeFlags(int head) {
        return cqRing.getInt(cqesOffset + (head & cqMask) * CqeLayout.SIZE + CqeLayout.FLAGS_OFFSET);
    }

    /** Hands CQ entries before {@code head} back to the kernel (release: our reads of them happen first). */
    void releaseCqHead(int head) {
        cqHead = head;
        INT.setRelease(cqRing, cqHeadOffset, head);
    }

    /** CQEs the kernel dropped for lack of room and memory (should stay 0 with FEAT_NODROP). */
    int droppedCompletions() {
        return (int) INT.getAcquire(cqRing, cqOverflowOffset);
    }

    String describeFlags() {
        StringBuilder b = new StringBuilder();
        if ((setupFlags & IORING_SETUP_SINGLE_ISSUER) != 0) {
            b.append("SINGLE_ISSUER|");
        }
        if ((setupFlags & IORING_SETUP_DEFER_TASKRUN) != 0) {
            b.append("DEFER_TASKRUN|");
        }
        if ((setupFlags & IORING_SETUP_COOP_TASKRUN) != 0) {
            b.append("COOP_TASKRUN|");
        }
        if ((setupFlags & IORING_SETUP_NO_SQARRAY) != 0) {
            b.append("NO_SQARRAY|");
        }
        b.append("SUBMIT_ALL|CQSIZE");
        return b.toString();
    }

    /**
     * Unmaps the rings and closes the descriptor. Closing the descriptor makes the kernel cancel
     * whatever is still in flight; the caller must have reaped everything that points at memory
     * it is about to free.
     */
    @Override
    public void close() {
        NativeMemory.unmap(sqesAddress, sqesLength);
        if (cqRingAddress != 0) {
            NativeMemory.unmap(cqRingAddress, cqRingLength);
        }
        NativeMemory.unmap(ringAddress, ringLength);
        LibC.close(fd);
    }
}

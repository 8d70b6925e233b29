package io.gameport.transport.iouring;

import com.sun.jna.Native;
import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.LibC;
import io.gameport.nativeio.linux.MemoryConstants;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wakes a port's owner out of io_uring_enter: the owner keeps an IORING_OP_READ armed on an
 * eventfd, and a write to the eventfd completes that read.
 *
 * <p>Coalescing: the eventfd is written only when the owner is (about to be) blocked. States:
 * <pre>
 *   AWAKE ──wakeup()──► WOKEN            (no syscall: the owner's next blocking poll will not block)
 *   AWAKE ──owner: prepareToSleep()──► SLEEPING ──wakeup()──► WOKEN + one eventfd write
 *   SLEEPING / WOKEN ──owner: awake()──► AWAKE
 *   any ──owner: close()──► CLOSED       (wakeup() then does nothing)
 * </pre>
 * A wakeup() racing with the owner's transition to SLEEPING is never lost: either its CAS from
 * AWAKE wins (then the owner's CAS AWAKE→SLEEPING fails and it does not block) or it sees
 * SLEEPING and writes. Writers are counted so that {@link #close} never closes the descriptor
 * under a write in progress (a reused descriptor number would receive the 8 bytes).
 *
 * <p>Thread contract: {@link #wakeup()} from any thread; everything else by the owner.
 */
final class Waker implements AutoCloseable {

    private static final int AWAKE = 0;
    private static final int SLEEPING = 1;
    private static final int WOKEN = 2;
    private static final int CLOSED = 3;

    final int eventFd;
    /** 8 bytes read by the armed READ (the kernel writes here until that read completes). */
    final long readBuffer;
    /** 8 bytes holding the counter increment 1, read by write(2); never modified after construction. */
    private final long writeBuffer;

    private final AtomicInteger state = new AtomicInteger(AWAKE);
    private final AtomicInteger writers = new AtomicInteger();
    private volatile int lastWriteErrno;

    Waker() throws IOException {
        // A blocking eventfd, as Netty uses: io_uring polls it (eventfd supports nowait reads).
        int fd = LibC.eventfd(0, MemoryConstants.EFD_CLOEXEC);
        if (fd < 0) {
            throw new IOException("eventfd failed: " + Errno.name(Native.getLastError()));
        }
        long buffers;
        try {
            buffers = NativeMemory.allocateZeroed(16);
        } catch (IOException e) {
            LibC.close(fd);
            throw e;
        }
        eventFd = fd;
        readBuffer = buffers;
        writeBuffer = buffers + 8;
        NativeMemory.view(writeBuffer, 8).putLong(0, 1L);
    }

    /** Any thread: makes the owner's current or next blocking poll return. */
    void wakeup() {
        for (;;) {
            int s = state.get();
            if (s == WOKEN || s == CLOSED) {
                return;
            }
            if (s == AWAKE) {
                if (state.compareAndSet(AWAKE, WOKEN)) {
                    return;
                }
                continue;
            }
            writers.incrementAndGet();
            try {
                if (state.compareAndSet(SLEEPING, WOKEN)) {
                    if (LibC.write(eventFd, writeBuffer, 8) != 8) {
                        // EAGAIN cannot happen (the counter would need 2^64 - 2 pending wakes); keep any errno for the owner.
                        lastWriteErrno = Native.getLastError();
                    }
                    return;
                }
            } finally {
                writers.decrementAndGet();
            }
        }
    }

    /** Owner, before a blocking enter: false when a wakeup() already arrived (then do not block). */
    boolean prepareToSleep() {
        if (state.compareAndSet(AWAKE, SLEEPING)) {
            return true;
        }
        state.compareAndSet(WOKEN, AWAKE);
        return false;
    }

    /** Owner, after a blocking enter returned. */
    void awake() {
        int s = state.get();
        if (s == SLEEPING || s == WOKEN) {
            state.compareAndSet(s, AWAKE);
        }
    }

    /** Owner: the errno of a failed eventfd write since the last call, or 0. */
    int takeWriteError() {
        int errno = lastWriteErrno;
        if (errno != 0) {
            lastWriteErrno = 0;
        }
        return errno;
    }

    /** Owner: stops further writes and waits for a write in progress to finish. */
    void stop() {
        state.set(CLOSED);
        while (writers.get() != 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Owner: closes the eventfd and frees the buffers. Call after {@link #stop()} and after the armed
     * READ's final CQE was reaped; otherwise use {@link #closeDescriptorOnly()} and leak the buffers.
     */
    @Override
    public void close() {
        stop();
        LibC.close(eventFd);
        NativeMemory.free(readBuffer);
    }

    /** Closes the eventfd but leaves the read buffer allocated because the kernel may still write it. */
    void closeDescriptorOnly() {
        stop();
        LibC.close(eventFd);
    }
}

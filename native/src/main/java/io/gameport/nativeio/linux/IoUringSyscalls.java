package io.gameport.nativeio.linux;

import com.sun.jna.Native;

/**
 * The three io_uring system calls, which glibc does not wrap, made through {@link LibC#syscall}.
 * Each returns its non-negative result, or the errno value negated, so that callers on hot paths
 * branch on the sign instead of catching exceptions.
 *
 * <p>The numbers 425, 426 and 427 come from the kernel's unified syscall table
 * (include/uapi/asm-generic/unistd.h and arch/x86/entry/syscalls/syscall_64.tbl): io_uring was
 * added after the tables were unified, so x86-64 and aarch64 share them.
 *
 * <p>Thread contract: stateless; with IORING_SETUP_SINGLE_ISSUER only the ring's creating thread
 * may call {@link #enter} and {@link #register} (others get -EEXIST).
 */
public final class IoUringSyscalls {

    public static final long SYS_IO_URING_SETUP = 425;
    public static final long SYS_IO_URING_ENTER = 426;
    public static final long SYS_IO_URING_REGISTER = 427;

    private IoUringSyscalls() {
    }

    /**
     * {@code int io_uring_setup(u32 entries, struct io_uring_params *p)}.
     *
     * @param params address of an {@link IoUringParamsLayout} the kernel reads and fills
     * @return the ring's file descriptor, or -errno
     */
    public static int setup(int entries, long params) {
        return result(LibC.syscall(SYS_IO_URING_SETUP, entries, params, 0, 0, 0, 0));
    }

    /**
     * {@code int io_uring_enter(fd, to_submit, min_complete, flags, sig = NULL, sigsz = 0)}.
     *
     * @return the number of SQEs consumed (not completions), or -errno (EINTR, EBUSY, EAGAIN, ...)
     */
    public static int enter(int ringFd, int toSubmit, int minComplete, int flags) {
        return result(LibC.syscall(SYS_IO_URING_ENTER, ringFd, toSubmit, minComplete, flags, 0, 0));
    }

    /** {@code int io_uring_register(fd, opcode, arg, nr_args)}; returns the call's result or -errno. */
    public static int register(int ringFd, int opcode, long argument, int argumentCount) {
        return result(LibC.syscall(SYS_IO_URING_REGISTER, ringFd, opcode, argument, argumentCount, 0, 0));
    }

    private static int result(long returned) {
        if (returned == -1) {
            int errno = Native.getLastError();
            return errno > 0 ? -errno : -Errno.EIO;
        }
        return (int) returned;
    }
}

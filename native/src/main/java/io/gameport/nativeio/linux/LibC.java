package io.gameport.nativeio.linux;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * JNA direct-mapped bindings to the C library (glibc on Linux). Every argument and result is an
 * {@code int} or a {@code long} (pointers are passed as addresses), so calls cost a plain JNI
 * transition and never marshal a {@code Structure}.
 *
 * <p>Error convention: like C, a call returns -1 on failure and the errno value is then read with
 * {@link Native#getLastError()} immediately afterwards, on the same thread (JNA saves errno after
 * every direct call).
 *
 * <p>Thread contract: all functions are thread-safe as far as libc is; the caller owns every
 * descriptor and address it passes.
 *
 * <p>Loading: the class registers its natives when first initialised; a missing or broken JNA
 * installation surfaces as a {@link LinkageError} from {@link #ensureLoaded()}.
 */
public final class LibC {

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    /** Forces class initialisation; throws a {@link LinkageError} when JNA or libc cannot be loaded. */
    public static void ensureLoaded() {
        // Reaching here means the static initialiser ran and registered the natives.
    }

    /**
     * glibc's variadic {@code long syscall(long number, ...)}. Declared with all six arguments:
     * the stub copies six registers into the kernel's argument registers, so an overload with
     * fewer arguments would pass whatever garbage those registers hold (io_uring_enter reads all
     * six). Returns -1 with errno set on failure.
     */
    public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}; -1 (MAP_FAILED) on failure. */
    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long addr, long length);

    public static native int socket(int domain, int type, int protocol);

    public static native int bind(int fd, long sockaddr, int sockaddrLength);

    public static native int listen(int fd, int backlog);

    public static native int setsockopt(int fd, int level, int optionName, long optionValue, int optionLength);

    /** {@code optionLengthPointer} points to a {@code socklen_t} (4 bytes) holding the buffer size on entry. */
    public static native int getsockopt(int fd, int level, int optionName, long optionValue, long optionLengthPointer);

    /** {@code lengthPointer} points to a {@code socklen_t} (4 bytes) holding the buffer size on entry. */
    public static native int getsockname(int fd, long sockaddr, long lengthPointer);

    /** {@code lengthPointer} points to a {@code socklen_t} (4 bytes) holding the buffer size on entry. */
    public static native int getpeername(int fd, long sockaddr, long lengthPointer);

    public static native int shutdown(int fd, int how);

    public static native int close(int fd);

    public static native int eventfd(int initialValue, int flags);

    public static native long read(int fd, long buffer, long count);

    public static native long write(int fd, long buffer, long count);

    /** {@code int fcntl(int fd, int cmd, long arg)}; the variadic third argument is read as a whole register. */
    public static native int fcntl(int fd, int command, long argument);

    /** {@code int ioctl(int fd, unsigned long request, ...)}; the variadic pointer is read as a whole register, as for fcntl. */
    public static native int ioctl(int fd, long request, long argument);
}

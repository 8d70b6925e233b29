package io.gameport.nativeio.linux;

/** mmap, eventfd and fcntl constants (asm-generic/mman-common.h, bits/eventfd.h, asm-generic/fcntl.h). */
public final class MemoryConstants {

    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;

    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    /** Pre-fault the pages so that the first ring access does not take a page fault. */
    public static final int MAP_POPULATE = 0x8000;
    /** mmap's failure value, {@code (void *) -1}. */
    public static final long MAP_FAILED = -1L;

    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    public static final int F_GETFD = 1;
    public static final int F_GETFL = 3;

    private MemoryConstants() {
    }
}

package io.gameport.transport.iouring;

import java.util.Arrays;

/**
 * What the port knows per descriptor number: the slot of its armed accept or receive (so close and
 * cancel can reach an operation the kernel does not hold right now), and whether a close chain is
 * in flight on it (so nothing new is submitted on a number the kernel may hand out again as soon
 * as the CLOSE runs). Indexed by fd; grows to the largest fd seen.
 *
 * <p>Thread contract: the port's owner thread only.
 */
final class FdTable {

    /** Slot + 1 (0: none). */
    private int[] armedSlot = new int[1024];
    /** Slot + 1 of the CLOSE of a close chain in flight on the number (0: none). */
    private int[] closingSlot = new int[1024];

    /** The armed accept/receive slot of {@code fd}, or -1. */
    int armed(int fd) {
        return fd >= 0 && fd < armedSlot.length ? armedSlot[fd] - 1 : -1;
    }

    void arm(int fd, int slot) {
        ensureCapacity(fd);
        armedSlot[fd] = slot + 1;
    }

    /** Forgets {@code slot} as the armed operation of {@code fd}, unless a newer one replaced it. */
    void disarm(int fd, int slot) {
        if (fd >= 0 && fd < armedSlot.length && armedSlot[fd] == slot + 1) {
            armedSlot[fd] = 0;
        }
    }

    boolean closing(int fd) {
        return fd >= 0 && fd < closingSlot.length && closingSlot[fd] != 0;
    }

    /** A close chain whose CLOSE is operation {@code slot} is in flight on {@code fd}. */
    void startClosing(int fd, int slot) {
        ensureCapacity(fd);
        closingSlot[fd] = slot + 1;
    }

    /**
     * The CLOSE in {@code slot} completed. Its mark goes, unless the number was handed out again and
     * a newer close marked it meanwhile: that mark belongs to the new socket.
     */
    void closed(int fd, int slot) {
        if (fd >= 0 && fd < closingSlot.length && closingSlot[fd] == slot + 1) {
            closingSlot[fd] = 0;
        }
    }

    /**
     * The kernel handed {@code fd} out again (accept, socket(2), or another ring's accept adopted
     * here). Whatever close marked the number has run, even if its completion is not reaped yet:
     * the number now names a new socket, open for operations.
     */
    void reused(int fd) {
        if (fd >= 0 && fd < closingSlot.length) {
            closingSlot[fd] = 0;
        }
    }

    private void ensureCapacity(int fd) {
        if (fd >= armedSlot.length) {
            int length = Integer.highestOneBit(fd) << 1;
            armedSlot = Arrays.copyOf(armedSlot, length);
            closingSlot = Arrays.copyOf(closingSlot, length);
        }
    }
}

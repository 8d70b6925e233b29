package io.gameport.transport.iocp;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.gameport.nativeio.windows.Kernel32;
import io.gameport.nativeio.windows.OverlappedLayout;
import io.gameport.nativeio.windows.WinError;
import io.gameport.nativeio.windows.WinsockExtensions;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Real starts, except that a test can script what the next calls of a kind answer (1450, 10055,
 * 10054 ...) without reaching the kernel, the way an exhausted non-paged pool would answer, or make
 * a call "pend" and then fail the way the kernel fails a pending operation: the NTSTATUS written
 * into the OVERLAPPED's Internal and a packet posted to the port for it. Counts every call.
 */
final class ScriptedStarts implements OverlappedStarts {

    /** Marks a scripted entry as "pend, then complete with this NTSTATUS". */
    private static final long COMPLETION = 1L << 32;

    private long port;

    /** The port that scripted completions are posted to. */
    void postTo(IocpPort port) {
        this.port = port.portHandle();
    }

    /** Scripted answers of one kind of call: first the queued ones, then {@code always} if set. */
    final class Script {
        private final Deque<Long> next = new ArrayDeque<>();
        private int always;
        int calls;

        void thenAnswer(int error) {
            next.add((long) error);
        }

        /** The next call returns WSA_IO_PENDING and its operation then completes with {@code ntstatus}. */
        void thenCompleteWith(int ntstatus) {
            next.add(COMPLETION | (ntstatus & 0xFFFFFFFFL));
        }

        void alwaysAnswer(int error) {
            always = error;
        }

        void clear() {
            next.clear();
            always = 0;
        }

        /** The scripted answer of this call, or 0 to make the real call. */
        private int answer(long overlapped) {
            calls++;
            Long head = next.pollFirst();
            if (head == null) {
                return always;
            }
            if ((head & COMPLETION) == 0) {
                return (int) (long) head;
            }
            new Pointer(overlapped).setInt(OverlappedLayout.INTERNAL_OFFSET, (int) (long) head);
            if (Kernel32.PostQueuedCompletionStatus(port, 0, IocpPort.SOCKET_KEY, overlapped) == 0) {
                throw new IllegalStateException("PostQueuedCompletionStatus: " + WinError.name(Native.getLastError()));
            }
            return WinError.WSA_IO_PENDING;
        }
    }

    final Script recv = new Script();
    final Script send = new Script();
    final Script accept = new Script();

    @Override
    public int wsaRecv(long socket, long wsabufs, int count, long bytesPtr, long flagsPtr, long overlapped) {
        int answer = recv.answer(overlapped);
        return answer != 0 ? answer : NATIVE.wsaRecv(socket, wsabufs, count, bytesPtr, flagsPtr, overlapped);
    }

    @Override
    public int wsaSend(long socket, long wsabufs, int count, long bytesPtr, long overlapped) {
        int answer = send.answer(overlapped);
        return answer != 0 ? answer : NATIVE.wsaSend(socket, wsabufs, count, bytesPtr, overlapped);
    }

    @Override
    public int acceptEx(WinsockExtensions extensions, long listener, long acceptSocket, long outputBuffer, int addressBytes,
                        long bytesPtr, long overlapped) {
        int answer = accept.answer(overlapped);
        return answer != 0 ? answer
                : NATIVE.acceptEx(extensions, listener, acceptSocket, outputBuffer, addressBytes, bytesPtr, overlapped);
    }

    /** Holds one wake-up post mid-flight: {@link #entered} when it is inside, posts when {@link #release}d. */
    static final class WakeupHold {
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        /** What the real post answered: 0, or the error. */
        volatile int result = -1;
    }

    private volatile WakeupHold hold;

    /** The next wake-up waits, after the port decided to post and before the real post, until released. */
    WakeupHold holdNextWakeup() {
        WakeupHold h = new WakeupHold();
        hold = h;
        return h;
    }

    @Override
    public int postWakeup(long port) {
        WakeupHold h = hold;
        hold = null;
        if (h != null) {
            h.entered.countDown();
            try {
                if (!h.release.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a held wake-up was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int result = NATIVE.postWakeup(port);
        if (h != null) {
            h.result = result;
        }
        return result;
    }

    @Override
    public int connectEx(WinsockExtensions extensions, long socket, long sockaddr, int sockaddrLength, long overlapped) {
        return NATIVE.connectEx(extensions, socket, sockaddr, sockaddrLength, overlapped);
    }
}

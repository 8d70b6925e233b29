package io.gameport.transport.iocp;

import io.gameport.nativeio.windows.WinsockExtensions;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Real starts, except that a test can script what the next calls of a kind answer (1450, 10055,
 * 10054 ...) without reaching the kernel, the way an exhausted non-paged pool would answer.
 * Counts every call.
 */
final class ScriptedStarts implements OverlappedStarts {

    /** Scripted answers of one kind of call: first the queued ones, then {@code always} if set. */
    static final class Script {
        private final Deque<Integer> next = new ArrayDeque<>();
        private int always;
        int calls;

        void thenAnswer(int error) {
            next.add(error);
        }

        void alwaysAnswer(int error) {
            always = error;
        }

        void clear() {
            next.clear();
            always = 0;
        }

        /** The scripted answer of this call, or 0 to make the real call. */
        private int answer() {
            calls++;
            Integer head = next.pollFirst();
            return head != null ? head : always;
        }
    }

    final Script recv = new Script();
    final Script send = new Script();
    final Script accept = new Script();

    @Override
    public int wsaRecv(long socket, long wsabufs, int count, long bytesPtr, long flagsPtr, long overlapped) {
        int answer = recv.answer();
        return answer != 0 ? answer : NATIVE.wsaRecv(socket, wsabufs, count, bytesPtr, flagsPtr, overlapped);
    }

    @Override
    public int wsaSend(long socket, long wsabufs, int count, long bytesPtr, long overlapped) {
        int answer = send.answer();
        return answer != 0 ? answer : NATIVE.wsaSend(socket, wsabufs, count, bytesPtr, overlapped);
    }

    @Override
    public int acceptEx(WinsockExtensions extensions, long listener, long acceptSocket, long outputBuffer, int addressBytes,
                        long bytesPtr, long overlapped) {
        int answer = accept.answer();
        return answer != 0 ? answer
                : NATIVE.acceptEx(extensions, listener, acceptSocket, outputBuffer, addressBytes, bytesPtr, overlapped);
    }

    @Override
    public int connectEx(WinsockExtensions extensions, long socket, long sockaddr, int sockaddrLength, long overlapped) {
        return NATIVE.connectEx(extensions, socket, sockaddr, sockaddrLength, overlapped);
    }
}

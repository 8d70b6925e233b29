package io.gameport.net;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The conformance suite on IOCP: runs on Windows (and under Wine, see .ci/run-iocp-tests), skipped elsewhere. */
@EnabledOnOs(OS.WINDOWS)
class IocpConformanceTest extends TransportConformanceTest {
    @Override
    String backend() {
        return "iocp";
    }

    /**
     * An overlapped WSASend on a stream socket pends until the kernel took every byte (the seed's
     * case 2: the buffer stays locked meanwhile) and then completes in full; it comes back short
     * only when the connection fails (and when more than 16 WSABUFs are offered, which the
     * outbound buffer never does). Partial completions are covered at the port level
     * (IocpPortTest.sendOfMoreBuffersThanOneWsaSendTakesCompletesInPart).
     */
    @Override
    boolean kernelTakesBackedUpSendsInPart() {
        return false;
    }
}

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
}

package io.gameport.session;

import io.gameport.transport.Backend;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Resumable sessions on IOCP: runs on Windows (and under Wine, see .ci/run-iocp-tests), skipped elsewhere. */
@EnabledOnOs(OS.WINDOWS)
class IocpResumableSessionTest extends ResumableSessionTest {

    @Override
    Backend backend() {
        return Backend.IOCP;
    }
}

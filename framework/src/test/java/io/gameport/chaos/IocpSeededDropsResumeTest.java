package io.gameport.chaos;

import io.gameport.transport.Backend;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link SeededDropsResumeTest} on IOCP (seeds 1305, 1306): runs on Windows (and under Wine, see
 * .ci/run-iocp-tests), skipped elsewhere.
 */
@EnabledOnOs(OS.WINDOWS)
class IocpSeededDropsResumeTest extends SeededDropsResumeTest {

    @Override
    Backend backend() {
        return Backend.IOCP;
    }

    @Override
    long firstSeed() {
        return 1305;
    }
}

package io.gameport.chaos;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gameport.transport.Backend;
import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
import io.gameport.transport.iouring.IoUringBackend;
import org.junit.jupiter.api.BeforeAll;

/** {@link SeededDropsResumeTest} on io_uring (seeds 1301, 1302); skipped where io_uring cannot run. */
class IoUringSeededDropsResumeTest extends SeededDropsResumeTest {

    @BeforeAll
    static void requireIoUring() {
        try {
            IoUringBackend.open(SocketSettings.defaults(), new ErrorMetrics()).close();
        } catch (BackendUnavailableException e) {
            assumeTrue(false, e.getMessage());
        }
    }

    @Override
    Backend backend() {
        return Backend.IO_URING;
    }

    @Override
    long firstSeed() {
        return 1301;
    }
}

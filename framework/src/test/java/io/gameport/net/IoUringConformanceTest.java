package io.gameport.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
import io.gameport.transport.iouring.IoUringBackend;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on io_uring; skipped where io_uring cannot run (not Linux, disabled, seccomp). */
class IoUringConformanceTest extends TransportConformanceTest {

    @BeforeAll
    static void requireIoUring() {
        try {
            IoUringBackend.open(SocketSettings.defaults(), new ErrorMetrics()).close();
        } catch (BackendUnavailableException e) {
            assumeTrue(false, e.getMessage());
        }
    }

    @Override
    String backend() {
        return "io_uring";
    }
}

package io.gameport.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gameport.transport.Backend;
import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
import io.gameport.transport.iouring.IoUringBackend;
import org.junit.jupiter.api.BeforeAll;

/** Resumable sessions on io_uring; skipped where io_uring cannot run. */
class IoUringResumableSessionTest extends ResumableSessionTest {

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
}

package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionPortContract;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
import java.io.IOException;

/** The completion-port contract on io_uring; skipped where io_uring cannot run (not Linux, disabled, seccomp). */
class IoUringPortContractTest extends CompletionPortContract {

    @Override
    protected CompletionBackend openBackend() throws IOException {
        try {
            return IoUringBackend.open(IoUringSettings.defaults(), SocketSettings.defaults(), new ErrorMetrics());
        } catch (BackendUnavailableException e) {
            assumeTrue(false, e.getMessage());
            throw e;
        }
    }

    @Override
    protected boolean operationsStayArmed() {
        return true; // multishot accept and receive
    }
}

package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

@DisabledOnOs(OS.WINDOWS)
class IocpBackendUnavailableTest {

    @Test
    void openingOffWindowsFailsWithOneClearLine() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> IocpBackend.open(SocketSettings.defaults(), new ErrorMetrics()));
        assertTrue(e.getMessage().startsWith("iocp needs Windows"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}

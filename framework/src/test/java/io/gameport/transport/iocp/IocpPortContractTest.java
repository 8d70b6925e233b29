package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.CompletionPortContract;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
import java.io.IOException;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The completion-port contract on IOCP against real Winsock: runs on Windows and under Wine
 * (.ci/run-iocp-tests), skipped elsewhere. After every test the port must hold no operation slot
 * and no socket of its own (the AcceptEx pool's pre-made sockets included).
 */
@EnabledOnOs(OS.WINDOWS)
class IocpPortContractTest extends CompletionPortContract {

    @Override
    protected CompletionBackend openBackend() throws IOException {
        return IocpBackend.open(SocketSettings.defaults(), new ErrorMetrics());
    }

    @Override
    protected boolean operationsStayArmed() {
        return true; // the AcceptEx pool re-posts; a zero-byte receive drains what is readable, then waits again
    }

    @Override
    protected void assertNothingLeft(CompletionPort port) {
        IocpPort iocp = (IocpPort) port;
        assertEquals(0, iocp.operationsInFlight(), "every operation completed after its socket was closed");
        assertEquals(0, iocp.ownedSocketsOpen(), "every port-owned socket was closed");
        assertEquals(0, iocp.socketsKnown(), "the port forgot every closed socket");
    }
}

package io.gameport.transport.nio2;

import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionPortContract;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
import java.io.IOException;

/** The completion-port contract on NIO2's asynchronous channels. */
class Nio2PortContractTest extends CompletionPortContract {

    @Override
    protected CompletionBackend openBackend() throws IOException {
        return new Nio2Backend(SocketSettings.defaults(), new ErrorMetrics());
    }

    @Override
    protected boolean operationsStayArmed() {
        return false; // one accepted socket per accept, one read per receive
    }

    @Override
    protected boolean cancelLeavesTheSocketOpen() {
        return false; // cancelling an asynchronous channel's read closes the channel
    }
}

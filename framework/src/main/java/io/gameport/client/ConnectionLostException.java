package io.gameport.client;

import io.gameport.net.CloseReason;
import java.io.IOException;

/** The connection closed while a request was waiting for its response. */
public final class ConnectionLostException extends IOException {
    private static final long serialVersionUID = 1L;

    ConnectionLostException(String messageType, CloseReason reason) {
        super(messageType + " request lost: the connection closed (" + reason + ")");
    }
}

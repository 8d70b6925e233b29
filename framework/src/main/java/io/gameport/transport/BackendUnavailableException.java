package io.gameport.transport;

import java.io.IOException;

/** A backend cannot run here (io_uring disabled or filtered, not Windows, ...). The message says why in one line. */
public class BackendUnavailableException extends IOException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.gameport.transport.scripted;

import java.io.IOException;

/**
 * What {@link ScriptedPort#poll} throws once a test closed the port under its worker, the way
 * GetQueuedCompletionStatusEx fails with ERROR_INVALID_HANDLE (6) or ERROR_ABANDONED_WAIT_0 (735).
 */
public final class ScriptedPortClosedException extends IOException {

    private final int code;

    ScriptedPortClosedException(int code, String name) {
        super("scripted completion port closed: " + name + " (" + code + ")");
        this.code = code;
    }

    /** 6 or 735. */
    public int code() {
        return code;
    }
}

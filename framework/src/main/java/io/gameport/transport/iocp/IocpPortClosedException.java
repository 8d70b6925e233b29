package io.gameport.transport.iocp;

import java.io.IOException;

/**
 * {@link IocpPort#poll} found its completion port closed: GetQueuedCompletionStatusEx failed with
 * ERROR_INVALID_HANDLE (6) or ERROR_ABANDONED_WAIT_0 (735), the seed's "the port was closed" row.
 * The worker that owns the port exits; nothing else is wrong.
 */
public final class IocpPortClosedException extends IOException {

    private final int code;

    public IocpPortClosedException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** 6 or 735. */
    public int code() {
        return code;
    }
}

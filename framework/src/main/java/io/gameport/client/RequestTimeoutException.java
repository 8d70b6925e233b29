package io.gameport.client;

import java.util.concurrent.TimeoutException;

/** No response arrived within the request's timeout. A response that comes later is counted and dropped. */
public final class RequestTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    private final int requestId;

    RequestTimeoutException(String messageType, int requestId, long timeoutMs) {
        super(messageType + " request " + Integer.toUnsignedString(requestId) + " got no response within " + timeoutMs + " ms");
        this.requestId = requestId;
    }

    public int requestId() {
        return requestId;
    }
}

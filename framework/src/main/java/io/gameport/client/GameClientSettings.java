package io.gameport.client;

import io.gameport.protocol.ProtocolSettings;
import java.util.Objects;

/**
 * The settings of a {@link GameClient}. Immutable; validated on construction.
 *
 * @param requestTimeoutMs how long {@link GameClient#request(com.google.protobuf.Message, Class)} waits
 *                         for a response before failing with {@link RequestTimeoutException}; at least 1.
 *                         With resumption, a timeout that passes while the session is suspended is
 *                         armed again: the request is replayed on resume, or fails when the session is lost
 * @param protocol         the limits of the client's codec (largest frame, nesting depth); they must
 *                         admit what the server sends, so a client takes the server's maximum frame size
 * @param resume           resumable sessions (off by default): reconnect and resume after a drop
 */
public record GameClientSettings(long requestTimeoutMs, ProtocolSettings protocol, ClientResumeSettings resume) {

    /** Far above a healthy answer, short enough that a lost one is noticed. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

    public GameClientSettings {
        if (requestTimeoutMs < 1) {
            throw new IllegalArgumentException("requestTimeoutMs must be >= 1, was " + requestTimeoutMs);
        }
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(resume, "resume");
    }

    /** A 10 s request timeout and the protocol's default limits. */
    public static GameClientSettings defaults() {
        return new GameClientSettings(DEFAULT_REQUEST_TIMEOUT_MS, ProtocolSettings.defaults(), ClientResumeSettings.defaults());
    }

    public GameClientSettings withRequestTimeoutMs(long value) {
        return new GameClientSettings(value, protocol, resume);
    }

    public GameClientSettings withProtocol(ProtocolSettings value) {
        return new GameClientSettings(requestTimeoutMs, value, resume);
    }

    public GameClientSettings withResume(ClientResumeSettings value) {
        return new GameClientSettings(requestTimeoutMs, protocol, value);
    }
}

package io.gameport.protocol;

import com.google.protobuf.Message;
import java.util.Objects;

/**
 * A decoded (or to-be-encoded) game message with its header fields. Immutable.
 *
 * @param messageId the registered id of {@code message}'s type (1..65535)
 * @param requestId unsigned 32-bit request id; {@link MessageHeader#NO_REQUEST} when not a request
 * @param message the Protobuf message, an instance of the generated class registered for the id
 */
public record Envelope(int messageId, int requestId, Message message) {
    public Envelope {
        Objects.requireNonNull(message, "message");
    }

    public boolean isRequest() {
        return requestId != MessageHeader.NO_REQUEST;
    }
}

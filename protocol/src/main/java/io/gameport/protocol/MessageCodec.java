package io.gameport.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Protobuf {@link FrameCodec}: a frame payload is a {@link MessageHeader} then the body of
 * the type the header's id names in the {@link MessageRegistry}.
 *
 * <p><b>Decoding never trusts the peer.</b> Every failure is a {@link ProtocolException} of one
 * {@link ProtocolError} kind; nothing else escapes. The memory a frame can cost is bounded by its
 * size: the codec itself allocates no buffer (the body is parsed in place from the frame through
 * {@link CodedInputStream}: zero-copy for heap buffers, and for direct buffers wherever Protobuf can
 * use {@code Unsafe}, as on HotSpot 17; elsewhere Protobuf copies the body once), every length inside the body is
 * checked by the parser against the bytes actually left in the frame before anything is allocated
 * for it, the stream's size limit is the body's length, nesting is capped by
 * {@link ProtocolSettings#recursionLimit()}. Unknown fields (a newer peer's additions) are kept
 * by Protobuf and so also bounded by the frame. Only
 * read-only heap buffers (no accessible array) are copied once, at their exact size.
 *
 * <p>Encoding knows the size up front (header + {@code getSerializedSize()}, memoized by
 * generated messages), so it writes straight into a caller's buffer, e.g. a connection's send
 * buffer, or into one buffer allocated at its exact size.
 *
 * <p>Immutable and thread-safe.
 */
public final class MessageCodec implements FrameCodec<Envelope> {
    private final MessageRegistry registry;
    private final ProtocolSettings settings;

    public MessageCodec(MessageRegistry registry, ProtocolSettings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public MessageRegistry registry() {
        return registry;
    }

    public ProtocolSettings settings() {
        return settings;
    }

    @Override
    public Envelope decode(ByteBuffer payload) throws ProtocolException {
        int start = payload.position();
        int length = payload.remaining();
        if (length > settings.maxFrameBytes()) {
            throw new ProtocolException(ProtocolError.FRAME_TOO_LARGE,
                "frame of " + length + " bytes, maximum is " + settings.maxFrameBytes());
        }
        if (length < MessageHeader.LENGTH) {
            throw new ProtocolException(ProtocolError.TRUNCATED_HEADER,
                "frame of " + length + " bytes, the header alone is " + MessageHeader.LENGTH);
        }
        int messageId = MessageHeader.messageId(payload, start);
        int requestId = MessageHeader.requestId(payload, start);
        MessageType type = registry.forId(messageId);
        if (type == null) {
            throw new ProtocolException(ProtocolError.UNKNOWN_MESSAGE_ID, "no message type has id " + messageId);
        }
        int bodyStart = start + MessageHeader.LENGTH;
        int bodyLength = length - MessageHeader.LENGTH;
        try {
            return new Envelope(messageId, requestId, parseBody(type, payload, bodyStart, bodyLength));
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(ProtocolError.MALFORMED_BODY, "body of " + bodyLength + " bytes is not a valid "
                + type.fullName() + " (id " + messageId + "): " + e.getMessage(), e);
        }
    }

    private Message parseBody(MessageType type, ByteBuffer payload, int bodyStart, int bodyLength)
            throws InvalidProtocolBufferException {
        CodedInputStream input;
        int savedPosition = payload.position();
        int savedLimit = payload.limit();
        if (payload.hasArray()) {
            input = CodedInputStream.newInstance(payload.array(), payload.arrayOffset() + bodyStart, bodyLength);
        } else {
            // The direct decoder takes its bounds from position and limit when created; the
            // caller's view is restored in finally, so decode leaves the buffer as it found it.
            payload.limit(bodyStart + bodyLength).position(bodyStart);
            input = CodedInputStream.newInstance(payload);
        }
        try {
            input.setSizeLimit(bodyLength);
            input.setRecursionLimit(settings.recursionLimit());
            Message message = type.parser().parseFrom(input, ExtensionRegistryLite.getEmptyRegistry());
            // Protobuf 4 rejects a stray top-level END_GROUP itself; these checks keep the guarantee
            // that a parser stopping early can never leave bytes of the frame unread.
            input.checkLastTagWas(0);
            if (!input.isAtEnd()) {
                throw new InvalidProtocolBufferException("body has " + (bodyLength - input.getTotalBytesRead())
                    + " bytes after the end of the message");
            }
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            // CodedInputStream over memory only throws InvalidProtocolBufferException; keep the kind regardless.
            throw new InvalidProtocolBufferException(e);
        } catch (RuntimeException e) {
            // Defence in depth: a parser bug triggered by hostile bytes is still the peer's malformed body.
            InvalidProtocolBufferException wrapped = new InvalidProtocolBufferException(
                "parser failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            wrapped.initCause(e);
            throw wrapped;
        } finally {
            if (!payload.hasArray()) {
                payload.limit(savedLimit).position(savedPosition);
            }
        }
    }

    @Override
    public int encodedLength(Envelope envelope) {
        return encodedLength(envelope.message());
    }

    /** Payload length of {@code message}: header plus serialized body. */
    public int encodedLength(Message message) {
        return MessageHeader.LENGTH + message.getSerializedSize();
    }

    /**
     * Encodes {@code envelope}; its id must be the one registered for its message's type.
     *
     * @throws IllegalArgumentException if the type is unregistered, the id does not match, or
     *     the payload would exceed {@link ProtocolSettings#maxFrameBytes()} (the peer would reject it)
     */
    @Override
    public void encode(Envelope envelope, ByteBuffer dst) {
        int id = registry.idOf(envelope.message());
        if (id != envelope.messageId()) {
            throw new IllegalArgumentException("envelope says id " + envelope.messageId() + " but "
                + envelope.message().getDescriptorForType().getFullName() + " is registered as " + id);
        }
        encode(id, envelope.message(), envelope.requestId(), dst);
    }

    /**
     * Writes header and body of {@code message} at {@code dst}'s position and advances it by
     * {@link #encodedLength(Message)}. The id is looked up in the registry.
     *
     * @param requestId unsigned request id, or {@link MessageHeader#NO_REQUEST}
     * @throws BufferOverflowException if {@code dst} has less room; nothing is written then
     */
    public void encode(Message message, int requestId, ByteBuffer dst) {
        encode(registry.idOf(message), message, requestId, dst);
    }

    private void encode(int id, Message message, int requestId, ByteBuffer dst) {
        int bodyLength = message.getSerializedSize();
        int length = MessageHeader.LENGTH + bodyLength;
        if (length > settings.maxFrameBytes()) {
            throw new IllegalArgumentException(message.getDescriptorForType().getFullName() + " encodes to " + length
                + " bytes, more than the maximum frame of " + settings.maxFrameBytes());
        }
        if (dst.remaining() < length) {
            throw new BufferOverflowException();
        }
        int start = dst.position();
        MessageHeader.putMessageId(dst, start, id);
        MessageHeader.putRequestId(dst, start, requestId);
        dst.position(start + MessageHeader.LENGTH);
        try {
            CodedOutputStream output = CodedOutputStream.newInstance(dst);
            message.writeTo(output);
            output.flush();
        } catch (IOException e) {
            // Room was checked above, so the stream cannot run out of space: this is a bug.
            throw new IllegalStateException("encoding " + message.getDescriptorForType().getFullName() + " failed", e);
        }
        if (dst.position() != start + length) {
            throw new IllegalStateException("encoded " + (dst.position() - start) + " bytes, expected " + length);
        }
    }

    /** Encodes {@code message} into a new heap buffer of exactly its payload length, flipped for reading. */
    public ByteBuffer encode(Message message, int requestId) {
        ByteBuffer payload = ByteBuffer.allocate(encodedLength(message));
        encode(message, requestId, payload);
        return payload.flip();
    }

    /** A complete wire frame (length prefix and payload) for {@code message}; see {@link Frames#encode(FrameCodec, Object)}. */
    public ByteBuffer encodeFrame(Message message, int requestId) {
        return Frames.encode(this, new Envelope(registry.idOf(message), requestId, message));
    }

    /**
     * Encodes a broadcast once into a read-only complete wire frame shared by every send; each
     * sender uses its own {@code duplicate()}.
     */
    public ByteBuffer encodeShared(Message message, int requestId) {
        return Frames.encodeShared(this, new Envelope(registry.idOf(message), requestId, message));
    }
}

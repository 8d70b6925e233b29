package io.gameport.sample.e2e;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.ConnectionHandler;
import io.gameport.net.SendResult;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.ProtocolException;
import java.nio.ByteBuffer;

/**
 * The scripted test client's link at the transport level: turns a connection's frames into
 * decoded {@link Envelope}s, and sends encoded messages with any request id, or raw bytes. Tests
 * use it instead of {@code GameClient} because they must also send frames a real client never
 * would (malformed ones). Callbacks run on the connection's I/O worker like
 * {@link ConnectionHandler}'s. A frame that does not decode goes to {@link #onMalformed}, which by
 * default closes only that connection.
 */
abstract class MessageConnectionHandler implements ConnectionHandler {

    protected final MessageCodec codec;

    protected MessageConnectionHandler(MessageCodec codec) {
        this.codec = codec;
    }

    @Override
    public final void onFrame(Connection connection, ByteBuffer payload) {
        Envelope envelope;
        try {
            envelope = codec.decode(payload);
        } catch (ProtocolException e) {
            onMalformed(connection, e);
            return;
        }
        onMessage(connection, envelope);
    }

    /** One decoded message, on the connection's I/O worker. */
    protected abstract void onMessage(Connection connection, Envelope envelope);

    protected void onMalformed(Connection connection, ProtocolException error) {
        connection.close(CloseReason.PROTOCOL_ERROR);
    }

    /** Encodes and queues {@code message}; any thread. */
    public static SendResult send(Connection connection, MessageCodec codec, Message message, int requestId) {
        return connection.send(codec.encode(message, requestId));
    }
}

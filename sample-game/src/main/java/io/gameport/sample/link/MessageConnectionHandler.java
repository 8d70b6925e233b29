package io.gameport.sample.link;

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
 * Client side at the transport level (the bots, the end-to-end tests' scripted client): turns a
 * connection's frames into decoded {@link Envelope}s. Servers do not use it: they are Gameport
 * {@code GameServer}s with handlers per message type (see {@code LoginHandler}, {@code RoomHandler}). Callbacks run
 * on the connection's I/O worker like {@link ConnectionHandler}'s, so implementations must not
 * block: hand slow work to a pool or a game loop. A frame that does not decode goes to
 * {@link #onMalformed}, which by default closes only that connection.
 */
public abstract class MessageConnectionHandler implements ConnectionHandler {

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

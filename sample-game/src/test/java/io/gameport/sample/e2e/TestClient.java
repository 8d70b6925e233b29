package io.gameport.sample.e2e;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.TransportClient;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.sample.link.SampleProtocol;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A scripted client over a real loopback socket: send a message, await a message of a given type. */
final class TestClient implements AutoCloseable {

    private static final MessageCodec CODEC = SampleProtocol.codec();
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final Connection connection;
    volatile CloseReason closed;
    private int nextRequestId = 1;

    TestClient(TransportClient client, int port) throws Exception {
        connection = client.connect(new InetSocketAddress("127.0.0.1", port), new MessageConnectionHandler(CODEC) {
            @Override
            protected void onMessage(Connection c, Envelope envelope) {
                inbox.add(envelope.message());
            }

            @Override
            public void onClose(Connection c, CloseReason reason) {
                closed = reason;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    void send(Message message) {
        MessageConnectionHandler.send(connection, CODEC, message, nextRequestId++);
    }

    void sendRaw(java.nio.ByteBuffer payload) {
        connection.send(payload);
    }

    /** The next message of {@code type}, skipping others (ticks, joins) that arrive meanwhile. */
    <T extends Message> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long left = deadline - System.nanoTime();
            Message message = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
            }
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    <T extends Message> T request(Message message, Class<T> type) throws InterruptedException {
        send(message);
        return await(type);
    }

    void drop() {
        connection.close();
    }

    @Override
    public void close() {
        connection.close();
    }
}

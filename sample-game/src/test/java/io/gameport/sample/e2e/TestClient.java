package io.gameport.sample.e2e;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.SendResult;
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
    /** The reconnect token the room server gave this connection on Enter (tests keep it here). */
    volatile com.google.protobuf.ByteString reconnectToken = com.google.protobuf.ByteString.EMPTY;
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

    /** Sends a one-way message as a real client does: request id 0 (no answer expected). */
    SendResult push(Message message) {
        return MessageConnectionHandler.send(connection, CODEC, message, 0);
    }

    SendResult send(Message message) {
        return MessageConnectionHandler.send(connection, CODEC, message, nextRequestId++);
    }

    /** Bytes this client has queued and not yet written (its own send quota is finite: a flood paces itself by this). */
    long pendingBytes() {
        return connection.pendingBytes();
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

    /** The next message that is one of {@code types}, skipping others. */
    Message awaitAny(Class<?>... types) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long left = deadline - System.nanoTime();
            Message message = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("none of " + java.util.Arrays.toString(types) + " within 10 s");
            }
            for (Class<?> type : types) {
                if (type.isInstance(message)) {
                    return message;
                }
            }
        }
    }

    <T extends Message> T request(Message message, Class<T> type) throws InterruptedException {
        send(message);
        return await(type);
    }

    /** Waits (10 s hang guard) until the connection has closed; returns why. */
    CloseReason awaitClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closed == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("connection not closed within 10 s");
            }
            Thread.sleep(5);
        }
        return closed;
    }

    /** Messages received and not yet taken by {@link #await}. */
    java.util.List<Message> drain() {
        java.util.List<Message> all = new java.util.ArrayList<>();
        inbox.drainTo(all);
        return all;
    }

    void drop() {
        connection.close();
    }

    @Override
    public void close() {
        connection.close();
    }
}

package io.gameport.sample.echo;

import io.gameport.net.Connection;
import io.gameport.net.ConnectionHandler;
import java.nio.ByteBuffer;

/** Sends every frame back whole. Runs on the I/O worker, so the send is queued without a hand-off. */
public final class EchoHandler implements ConnectionHandler {
    @Override
    public void onFrame(Connection connection, ByteBuffer payload) {
        connection.send(payload);
    }
}

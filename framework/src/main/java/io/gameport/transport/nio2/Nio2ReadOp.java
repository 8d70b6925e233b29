package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;
import java.nio.ByteBuffer;

/**
 * A socket's reusable receive record. It is also the NIO2 completion handler, so a receive
 * allocates nothing: the buffer is borrowed from the starting port's {@link Nio2ReadBufferPool}
 * and returned right after the delivery.
 */
final class Nio2ReadOp extends Nio2ChannelOp<Integer, Nio2Socket> {

    /** Lent while the read is pending; NIO2 writes into it from a group thread. */
    ByteBuffer buffer;

    void start(Nio2Port startingPort, long startToken, ByteBuffer lent) {
        start(startingPort, startToken);
        buffer = lent;
    }

    @Override
    public void completed(Integer bytes, Nio2Socket socket) {
        // NIO2 reports end of stream as -1; the SPI reports it as 0
        result = Math.max(0, bytes);
        finish(socket);
    }

    @Override
    void deliver(CompletionHandler handler) {
        // copy out first: the handler may start the next receive, which reuses this record
        Nio2Port deliveringPort = port;
        long deliveredToken = token;
        long deliveredResult = result;
        ByteBuffer data = buffer;
        buffer = null;
        busy = false;
        try {
            if (deliveredResult > 0) {
                data.flip();
                handler.onCompletion(deliveredToken, deliveredResult, 0, data);
            } else {
                handler.onCompletion(deliveredToken, deliveredResult, 0, null);
            }
        } finally {
            deliveringPort.readBuffers().release(data);
        }
    }

    @Override
    void discard() {
        buffer = null;
    }
}

package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;
import io.gameport.transport.Completions;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;

/**
 * One outgoing connection attempt. Allocated per connect (connects are rare next to receives and
 * sends); the handle is registered only on delivery, so a port closed meanwhile leaves no entry.
 */
final class Nio2ConnectOp extends Nio2Completion implements java.nio.channels.CompletionHandler<Void, Void> {

    private final AsynchronousSocketChannel channel;
    private final InetSocketAddress remote;

    Nio2ConnectOp(Nio2Port port, long token, AsynchronousSocketChannel channel, InetSocketAddress remote) {
        this.port = port;
        this.token = token;
        this.channel = channel;
        this.remote = remote;
    }

    @Override
    public void completed(Void ignored, Void attachment) {
        result = 0;
        port.enqueue(this);
    }

    @Override
    public void failed(Throwable failure, Void attachment) {
        result = Completions.failure(Nio2Errors.errno(failure));
        port.backend().closeUnregistered(channel, "socket of a failed connect to " + remote);
        port.enqueue(this);
    }

    @Override
    void deliver(CompletionHandler handler) {
        long deliveredResult = result == 0 ? port.register(channel, remote) : result;
        handler.onCompletion(token, deliveredResult, 0, null);
    }

    @Override
    void discard() {
        if (result == 0) {
            port.backend().closeUnregistered(channel, "connected socket of a closed port");
        }
    }
}

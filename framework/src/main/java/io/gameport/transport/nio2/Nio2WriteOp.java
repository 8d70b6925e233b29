package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;
import io.gameport.transport.Completions;

/** A socket's reusable send record, also its NIO2 completion handler. */
final class Nio2WriteOp extends Nio2Completion implements java.nio.channels.CompletionHandler<Long, Nio2Socket> {

    /** Started and not delivered yet. Owner thread only. */
    boolean busy;

    void start(Nio2Port startingPort, long startToken) {
        busy = true;
        port = startingPort;
        token = startToken;
    }

    @Override
    public void completed(Long bytes, Nio2Socket socket) {
        result = bytes;
        finish(socket);
    }

    @Override
    public void failed(Throwable failure, Nio2Socket socket) {
        result = Completions.failure(Nio2Errors.errno(failure));
        finish(socket);
    }

    private void finish(Nio2Socket socket) {
        port.enqueue(this);
        socket.endOperation();
    }

    @Override
    void deliver(CompletionHandler handler) {
        long deliveredToken = token;
        long deliveredResult = result;
        busy = false;
        handler.onCompletion(deliveredToken, deliveredResult, 0, null);
    }
}

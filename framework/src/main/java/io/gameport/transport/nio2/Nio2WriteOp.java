package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;

/** A socket's reusable send record, also its NIO2 completion handler. */
final class Nio2WriteOp extends Nio2ChannelOp<Long, Nio2Socket> {

    @Override
    public void completed(Long bytes, Nio2Socket socket) {
        result = bytes;
        finish(socket);
    }

    @Override
    void deliver(CompletionHandler handler) {
        long deliveredToken = token;
        long deliveredResult = result;
        busy = false;
        handler.onCompletion(deliveredToken, deliveredResult, 0, null);
    }
}

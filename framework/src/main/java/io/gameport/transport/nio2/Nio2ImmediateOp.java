package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;

/**
 * An operation that failed before reaching NIO2 (unknown handle, a second receive while one is
 * pending, a socket that could not be opened). Allocated, because it is an error path; delivered
 * through the queue like any other completion so that starting an operation never throws.
 */
final class Nio2ImmediateOp extends Nio2Completion {

    Nio2ImmediateOp(Nio2Port port, long token, long result) {
        this.port = port;
        this.token = token;
        this.result = result;
    }

    @Override
    void deliver(CompletionHandler handler) {
        handler.onCompletion(token, result, 0, null);
    }
}

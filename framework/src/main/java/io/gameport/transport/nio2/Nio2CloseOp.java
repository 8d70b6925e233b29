package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;

/** The completion of {@code close}/{@code closeListener}: result 0, queued after the channel's last operation. */
final class Nio2CloseOp extends Nio2Completion {

    private final Nio2Channel channel;

    Nio2CloseOp(Nio2Channel channel) {
        this.channel = channel;
    }

    @Override
    void deliver(CompletionHandler handler) {
        channel.releaseAfterClose();
        handler.onCompletion(token, 0, 0, null);
    }
}

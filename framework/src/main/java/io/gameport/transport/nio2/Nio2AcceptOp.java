package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;
import io.gameport.transport.Completions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;

/**
 * A listener's reusable accept record, also its NIO2 completion handler. Socket options are
 * applied on the group thread that accepted, so the owner only registers the handle.
 */
final class Nio2AcceptOp extends Nio2ChannelOp<AsynchronousSocketChannel, Nio2Listener> {

    private AsynchronousSocketChannel accepted;
    private InetSocketAddress acceptedRemote;

    @Override
    public void completed(AsynchronousSocketChannel channel, Nio2Listener listener) {
        try {
            port.backend().configure(channel);
            acceptedRemote = (InetSocketAddress) channel.getRemoteAddress();
            accepted = channel;
            result = 0;
        } catch (IOException | RuntimeException e) {
            port.backend().closeUnregistered(channel, "accepted socket that could not be configured");
            result = Completions.failure(Nio2Errors.errno(e));
        }
        finish(listener);
    }

    @Override
    void deliver(CompletionHandler handler) {
        long deliveredToken = token;
        long deliveredResult = result;
        AsynchronousSocketChannel channel = accepted;
        InetSocketAddress remote = acceptedRemote;
        Nio2Port deliveringPort = port;
        accepted = null;
        acceptedRemote = null;
        busy = false;
        if (channel != null) {
            deliveredResult = deliveringPort.register(channel, remote);
        }
        handler.onCompletion(deliveredToken, deliveredResult, 0, null);
    }

    @Override
    void discard() {
        AsynchronousSocketChannel channel = accepted;
        accepted = null;
        if (channel != null) {
            port.backend().closeUnregistered(channel, "accepted socket of a closed port");
        }
    }
}

package io.gameport.transport.nio2;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousServerSocketChannel;

/** A listening socket and its reusable accept record. */
final class Nio2Listener extends Nio2Channel {

    final AsynchronousServerSocketChannel channel;
    final Nio2AcceptOp acceptOp = new Nio2AcceptOp();

    Nio2Listener(long handle, Nio2Port owner, AsynchronousServerSocketChannel channel) {
        super(handle, owner);
        this.channel = channel;
    }

    @Override
    SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    boolean isPending(long token) {
        return acceptOp.busy && acceptOp.token == token;
    }

    @Override
    void closeChannel() throws IOException {
        channel.close();
    }
}

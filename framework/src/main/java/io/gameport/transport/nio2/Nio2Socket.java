package io.gameport.transport.nio2;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.Arrays;

/**
 * A connected socket: its NIO2 channel, its peer's address (kept because NIO2 forgets it on
 * close), one reusable record per operation kind, and the duplicates used for gathering sends.
 *
 * <p>Sends go through duplicates so that the caller's buffers keep their positions and limits
 * (NIO2 advances the buffers it writes from). A duplicate is made once per distinct caller
 * buffer at a given array index and re-pointed for later sends, so a caller that reuses its
 * buffers (pooled outbound buffers) sends without allocating. Held until close is delivered.
 */
final class Nio2Socket extends Nio2Channel {

    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    final AsynchronousSocketChannel channel;
    final InetSocketAddress remote;
    final Nio2ReadOp readOp = new Nio2ReadOp();
    final Nio2WriteOp writeOp = new Nio2WriteOp();
    private ByteBuffer[] sources = NONE;
    private ByteBuffer[] duplicates = NONE;

    Nio2Socket(long handle, Nio2Port owner, AsynchronousSocketChannel channel, InetSocketAddress remote) {
        super(handle, owner);
        this.channel = channel;
        this.remote = remote;
    }

    /**
     * Views of {@code buffers[offset .. offset + count)} at indexes {@code 0 .. count}, each with
     * its source's position and limit. Owner thread, only while no send is pending.
     */
    ByteBuffer[] duplicatesOf(ByteBuffer[] buffers, int offset, int count) {
        if (duplicates.length < count) {
            sources = Arrays.copyOf(sources, count);
            duplicates = Arrays.copyOf(duplicates, count);
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer source = buffers[offset + i];
            ByteBuffer duplicate = duplicates[i];
            if (sources[i] != source) {
                sources[i] = source;
                duplicate = source.duplicate();
                duplicates[i] = duplicate;
            }
            duplicate.clear().limit(source.limit()).position(source.position());
        }
        return duplicates;
    }

    @Override
    SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    boolean isPending(long token) {
        return (readOp.busy && readOp.token == token) || (writeOp.busy && writeOp.token == token);
    }

    @Override
    void closeChannel() throws IOException {
        channel.close();
    }

    @Override
    void releaseAfterClose() {
        Arrays.fill(sources, null);
        Arrays.fill(duplicates, null);
    }
}

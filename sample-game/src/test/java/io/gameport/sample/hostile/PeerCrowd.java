package io.gameport.sample.hostile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many attacker sockets driven by one selector on the test thread: connected a bounded number at
 * a time, each sent the same few bytes, then watched for how the server ends them. Every loop is
 * bounded in count and by a deadline.
 */
public final class PeerCrowd implements AutoCloseable {

    /** Connections in their handshake at once: well under the server's accept backlog. */
    private static final int CONNECTING_AT_ONCE = 128;

    private final Selector selector;
    private final int receiveBufferBytes;
    private final List<SocketChannel> open = new ArrayList<>();
    /** How the server ended a connection, once {@link #awaitFates} saw it. */
    private final Map<SocketChannel, PeerFate> fates = new HashMap<>();
    private int failedConnects;
    private int failedSends;

    private PeerCrowd(Selector selector, int receiveBufferBytes) {
        this.selector = selector;
        this.receiveBufferBytes = receiveBufferBytes;
    }

    /**
     * Opens {@code count} connections to 127.0.0.1:{@code port} (from {@code localAddress} when not
     * null). Connections the server refuses or that do not complete within {@code bound} are
     * counted in {@link #failedConnects()}.
     */
    public static PeerCrowd connect(int count, int port, String localAddress, Duration bound) throws IOException {
        return connectSpread(count, port, localAddress == null ? List.of() : List.of(localAddress), bound);
    }

    /**
     * Opens {@code count} connections, taking their source addresses from {@code localAddresses}
     * in turn (none: the system's choice): an attacker with many addresses, each under the
     * server's cap per address.
     */
    public static PeerCrowd connectSpread(int count, int port, List<String> localAddresses, Duration bound) throws IOException {
        return connectSpread(count, port, localAddresses, 0, bound);
    }

    /**
     * Like {@link #connectSpread(int, int, List, Duration)}, with each socket's receive buffer set
     * to {@code receiveBufferBytes} when above 0: a small one keeps the kernel from absorbing
     * what a never-reading peer is sent (loopback buffers otherwise grow to tens of MiB).
     */
    public static PeerCrowd connectSpread(int count, int port, List<String> localAddresses, int receiveBufferBytes,
            Duration bound) throws IOException {
        PeerCrowd crowd = new PeerCrowd(Selector.open(), receiveBufferBytes);
        try {
            List<InetAddress> locals = new ArrayList<>();
            for (String address : localAddresses) {
                locals.add(InetAddress.getByName(address));
            }
            crowd.connectAll(count, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), locals, bound);
            return crowd;
        } catch (IOException | RuntimeException e) {
            crowd.close();
            throw e;
        }
    }

    /** {@code n} loopback addresses from 127.0.0.{@code first} on (Linux routes all of 127/8 to lo). */
    public static List<String> loopbackAddresses(int first, int n) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            addresses.add("127.0.0." + (first + i));
        }
        return addresses;
    }

    private void connectAll(int count, InetSocketAddress server, List<InetAddress> locals, Duration bound) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        int started = 0;
        int pending = 0;
        while ((started < count || pending > 0) && System.nanoTime() < deadline) {
            while (started < count && pending < CONNECTING_AT_ONCE) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                if (receiveBufferBytes > 0) {
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
                }
                if (!locals.isEmpty()) {
                    channel.bind(new InetSocketAddress(locals.get(started % locals.size()), 0));
                }
                started++;
                if (channel.connect(server)) {
                    open.add(channel);
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    pending++;
                }
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                pending--;
                key.cancel();
                try {
                    channel.finishConnect();
                    open.add(channel);
                } catch (IOException e) {
                    failedConnects++;
                    channel.close();
                }
            }
            selector.selectedKeys().clear();
        }
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && (key.interestOps() & SelectionKey.OP_CONNECT) != 0) {
                failedConnects++;
                key.cancel();
                key.channel().close();
            }
        }
        failedConnects += count - started;
        selector.selectNow();
    }

    /** Connections that completed their handshake and are still held by this crowd. */
    public int connected() {
        return open.size();
    }

    public int failedConnects() {
        return failedConnects;
    }

    /** Sends that found the connection already reset or closed. */
    public int failedSends() {
        return failedSends;
    }

    /**
     * Writes {@code bytes} on every connection (a few bytes each, which always fit the socket
     * buffer; a short write counts as a failed send). Returns how many connections took them whole.
     */
    public int sendToEach(byte[] bytes) {
        int sent = 0;
        for (SocketChannel channel : open) {
            try {
                if (channel.write(ByteBuffer.wrap(bytes)) == bytes.length) {
                    sent++;
                } else {
                    failedSends++;
                }
            } catch (IOException e) {
                failedSends++;
            }
        }
        return sent;
    }

    /**
     * Writes all of {@code bytes} on every connection (more than a socket buffer holds: the writes
     * take turns as the server drains them) until each is done, has been ended by the server, or
     * {@code bound} passes. Returns how many took all of it; the rest count as failed sends.
     */
    public int sendToEachFully(byte[] bytes, Duration bound) throws IOException {
        Map<SocketChannel, ByteBuffer> left = new HashMap<>();
        for (SocketChannel channel : open) {
            if (!fates.containsKey(channel)) {
                channel.register(selector, SelectionKey.OP_WRITE);
                left.put(channel, ByteBuffer.wrap(bytes));
            }
        }
        int waiting = left.size();
        int done = 0;
        long deadline = System.nanoTime() + bound.toNanos();
        selector.selectNow();
        while (true) {
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                ByteBuffer rest = left.get(channel);
                try {
                    channel.write(rest);
                } catch (IOException e) {
                    failedSends++;
                    key.interestOps(0);
                    waiting--;
                    continue;
                }
                if (!rest.hasRemaining()) {
                    key.interestOps(0);
                    waiting--;
                    done++;
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            if (waiting == 0 || now >= deadline) {
                break;
            }
            selector.select(Math.max(1, (deadline - now) / 1_000_000));
        }
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                key.interestOps(0);
            }
        }
        selector.selectNow();
        failedSends += waiting;
        return done;
    }

    /**
     * Reads from every connection until each has received exactly {@code expected} (the server's
     * answer to what {@link #sendToEach} sent, e.g. an echo) or {@code bound} passes, and returns
     * how many received it byte for byte: proof, by count, that the server read what each peer
     * sent. A connection that ends meanwhile has its fate remembered for {@link #awaitFates}; one
     * that receives other bytes is not counted.
     */
    public int awaitReplies(byte[] expected, Duration bound) throws IOException {
        Map<SocketChannel, ByteBuffer> replies = new HashMap<>();
        for (SocketChannel channel : open) {
            if (!fates.containsKey(channel)) {
                channel.register(selector, SelectionKey.OP_READ);
                replies.put(channel, ByteBuffer.allocate(expected.length));
            }
        }
        int waiting = replies.size();
        int matched = 0;
        long deadline = System.nanoTime() + bound.toNanos();
        selector.selectNow();
        while (true) {
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                ByteBuffer reply = replies.get(channel);
                int got;
                try {
                    got = channel.read(reply);
                } catch (IOException e) {
                    got = -2;
                }
                if (got < 0) {
                    fates.put(channel, got == -1 ? PeerFate.CLOSED : PeerFate.RESET);
                    key.cancel();
                    channel.close();
                    waiting--;
                } else if (!reply.hasRemaining()) {
                    key.interestOps(0);
                    waiting--;
                    if (Arrays.equals(reply.array(), expected)) {
                        matched++;
                    }
                }
            }
            selector.selectedKeys().clear();
            long left = deadline - System.nanoTime();
            if (waiting == 0 || left <= 0) {
                break;
            }
            selector.select(Math.max(1, left / 1_000_000));
        }
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                key.interestOps(0);
            }
        }
        selector.selectNow();
        return matched;
    }

    /**
     * Reads from every connection until each has received one whole frame, whatever it says (a
     * Pong, an error reply), or {@code bound} passes, and returns how many did: proof, by count,
     * that the server read what each peer sent when its answers differ byte by byte.
     */
    public int awaitOneFrameEach(Duration bound) throws IOException {
        Map<SocketChannel, ByteBuffer> headers = new HashMap<>();
        Map<SocketChannel, ByteBuffer> bodies = new HashMap<>();
        for (SocketChannel channel : open) {
            if (!fates.containsKey(channel)) {
                channel.register(selector, SelectionKey.OP_READ);
                headers.put(channel, ByteBuffer.allocate(Frames.HEADER_BYTES));
            }
        }
        int waiting = headers.size();
        int framed = 0;
        long deadline = System.nanoTime() + bound.toNanos();
        selector.selectNow();
        while (true) {
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                ByteBuffer header = headers.get(channel);
                ByteBuffer body = bodies.get(channel);
                int got;
                try {
                    got = channel.read(body == null ? header : body);
                } catch (IOException e) {
                    got = -2;
                }
                if (got < 0) {
                    fates.put(channel, got == -1 ? PeerFate.CLOSED : PeerFate.RESET);
                    key.cancel();
                    channel.close();
                    waiting--;
                    continue;
                }
                if (body == null && !header.hasRemaining()) {
                    int length = header.flip().getInt();
                    if (length < 0 || length > 1 << 20) {
                        throw new AssertionError("the server sent a frame header announcing " + length + " bytes");
                    }
                    body = ByteBuffer.allocate(length);
                    bodies.put(channel, body);
                }
                if (body != null && !body.hasRemaining()) {
                    key.interestOps(0);
                    waiting--;
                    framed++;
                }
            }
            selector.selectedKeys().clear();
            long left = deadline - System.nanoTime();
            if (waiting == 0 || left <= 0) {
                break;
            }
            selector.select(Math.max(1, left / 1_000_000));
        }
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                key.interestOps(0);
            }
        }
        selector.selectNow();
        return framed;
    }

    /**
     * Watches every connection until the server has ended all of them or {@code bound} passes, and
     * returns how they stand. Whatever the server sends meanwhile is read and discarded. A
     * connection's end is remembered, so later calls count it again without waiting for it.
     */
    public Fates awaitFates(Duration bound) throws IOException {
        return awaitFates(bound, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #awaitFates(Duration)}, but returns as soon as at least {@code enoughEnded}
     * connections have been ended by the server (counting earlier ends).
     */
    public Fates awaitFates(Duration bound, int enoughEnded) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
        int live = 0;
        for (SocketChannel channel : open) {
            if (!fates.containsKey(channel)) {
                channel.register(selector, SelectionKey.OP_READ);
                live++;
            }
        }
        long deadline = System.nanoTime() + bound.toNanos();
        selector.selectNow();
        while (true) {
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                PeerFate fate = drain(channel, scratch);
                if (fate != PeerFate.OPEN) {
                    fates.put(channel, fate);
                    live--;
                    key.cancel();
                    channel.close();
                }
            }
            selector.selectedKeys().clear();
            long left = deadline - System.nanoTime();
            if (live == 0 || left <= 0 || fates.size() >= enoughEnded) {
                break;
            }
            selector.select(Math.max(1, left / 1_000_000));
        }
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                key.interestOps(0);
            }
        }
        selector.selectNow();
        int closed = 0;
        int reset = 0;
        for (PeerFate fate : fates.values()) {
            if (fate == PeerFate.CLOSED) {
                closed++;
            } else {
                reset++;
            }
        }
        return new Fates(closed, reset, open.size() - closed - reset);
    }

    private static PeerFate drain(SocketChannel channel, ByteBuffer scratch) {
        while (true) {
            scratch.clear();
            int got;
            try {
                got = channel.read(scratch);
            } catch (IOException e) {
                return PeerFate.RESET;
            }
            if (got < 0) {
                return PeerFate.CLOSED;
            }
            if (got == 0) {
                return PeerFate.OPEN;
            }
        }
    }

    /**
     * Closes every connection the server has not ended abortively (SO_LINGER 0): the server sees a
     * storm of resets. The crowd holds no connection afterwards.
     */
    public int resetAll() throws IOException {
        int reset = 0;
        for (SocketChannel channel : open) {
            if (channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                channel.close();
                reset++;
            }
        }
        open.clear();
        fates.clear();
        selector.selectNow();
        return reset;
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : open) {
            channel.close();
        }
        selector.close();
    }

    /** How the crowd's connections stand: ended by an orderly close, by a reset, or still open. */
    public record Fates(int closed, int reset, int open) {
        public int ended() {
            return closed + reset;
        }
    }
}

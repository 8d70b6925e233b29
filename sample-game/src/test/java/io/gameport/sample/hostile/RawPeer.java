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
import java.util.function.Predicate;

/**
 * One client socket that sends whatever bytes a test gives it, well-formed or not, and reads (or
 * never reads) what comes back. Non-blocking underneath, so every operation is bounded: a send
 * the server stops draining, or a read the server never answers, ends in an AssertionError (or,
 * for {@link #offer} and {@link #awaitEnd}, in a returned count or fate) instead of a hang.
 */
public final class RawPeer implements AutoCloseable {

    /** Hang guard for one send or read a well-behaved server completes at once. */
    public static final Duration IO_BOUND = Duration.ofSeconds(20);
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final SocketChannel channel;
    private final Selector selector;
    private final InetSocketAddress local;
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
    private long discarded;

    private RawPeer(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        channel.configureBlocking(false);
        this.selector = Selector.open();
    }

    /** Connects to 127.0.0.1:{@code port}. */
    public static RawPeer connect(int port) throws IOException {
        return connect(null, port, 0);
    }

    /** Connects from the loopback address {@code localAddress} (127.0.0.2, 127.0.0.3, ...: distinct peers by address). */
    public static RawPeer connectFrom(String localAddress, int port) throws IOException {
        return connect(localAddress, port, 0);
    }

    /**
     * Connects to 127.0.0.1:{@code port}, from {@code localAddress} when not null, with a receive
     * buffer of {@code receiveBufferBytes} when above 0 (a small one makes a never-reading peer
     * push back on the server sooner).
     */
    public static RawPeer connect(String localAddress, int port, int receiveBufferBytes) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (receiveBufferBytes > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            if (localAddress != null) {
                channel.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            }
            channel.socket().connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
            return new RawPeer(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public int localPort() {
        return local.getPort();
    }

    public String localAddress() {
        return local.getAddress().getHostAddress();
    }

    /**
     * True when a server log line names this peer: the line has this peer's address and port, as
     * the framework prints a connection ("connection 7 from /127.0.0.1:41234") or a session.
     */
    public Predicate<String> mentionedIn() {
        String needle = localAddress() + ":" + localPort();
        return line -> {
            int at = line.indexOf(needle);
            while (at >= 0) {
                int after = at + needle.length();
                if (after == line.length() || !Character.isDigit(line.charAt(after))) {
                    return true;
                }
                at = line.indexOf(needle, after);
            }
            return false;
        };
    }

    /** A predicate for a log line that names this peer and contains every one of {@code parts}. */
    public Predicate<String> mentionedWith(String... parts) {
        Predicate<String> mentioned = mentionedIn();
        return line -> mentioned.test(line) && ChildLog.containsAll(line, parts);
    }

    /** Sends all of {@code bytes}; fails if the server does not take them within {@link #IO_BOUND}. */
    public RawPeer send(byte[] bytes) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        long written = offer(data, IO_BOUND);
        if (data.hasRemaining()) {
            throw new AssertionError("the server took only " + written + " of " + bytes.length + " bytes within "
                    + IO_BOUND.toSeconds() + " s");
        }
        return this;
    }

    /** Sends {@code bytes} one write per byte (TCP_NODELAY is on, so each byte can be its own segment). */
    public RawPeer sendByteAtATime(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            send(new byte[] {b});
        }
        return this;
    }

    /**
     * Writes from {@code data} until it is empty or the server has taken nothing for
     * {@code patience} (its receive window is full): a never-reading or pipelining attacker's send.
     * Returns the bytes written. Throws IOException if the connection is reset meanwhile.
     */
    public long offer(ByteBuffer data, Duration patience) throws IOException {
        long total = 0;
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        try {
            while (data.hasRemaining()) {
                int n = channel.write(data);
                total += n;
                if (n == 0) {
                    selector.selectedKeys().clear();
                    if (selector.select(Math.max(1, patience.toMillis())) == 0) {
                        break;
                    }
                }
            }
        } finally {
            key.interestOps(0);
            selector.selectedKeys().clear();
        }
        return total;
    }

    /** Reads exactly {@code n} bytes; fails on end of stream, reset or {@link #IO_BOUND}. */
    public byte[] readExactly(int n) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(n);
        long deadline = System.nanoTime() + IO_BOUND.toNanos();
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            while (into.hasRemaining()) {
                int got = channel.read(into);
                if (got < 0) {
                    throw new AssertionError("end of stream after " + into.position() + " of " + n + " bytes");
                }
                if (got == 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("only " + into.position() + " of " + n + " bytes within "
                                + IO_BOUND.toSeconds() + " s");
                    }
                    selector.selectedKeys().clear();
                    selector.select(Math.max(1, left / 1_000_000));
                }
            }
        } finally {
            key.interestOps(0);
            selector.selectedKeys().clear();
        }
        return into.array();
    }

    /**
     * Reads exactly {@code n} bytes, or returns null if the server ends the connection (end of
     * stream or reset) first; fails if neither happens before {@code deadlineNanos} (System.nanoTime).
     */
    public byte[] readUpTo(int n, long deadlineNanos) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(n);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            while (into.hasRemaining()) {
                int got;
                try {
                    got = channel.read(into);
                } catch (IOException reset) {
                    return null;
                }
                if (got < 0) {
                    return null;
                }
                if (got == 0) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("neither " + n + " bytes nor the end of the connection in time ("
                                + into.position() + " bytes came)");
                    }
                    selector.selectedKeys().clear();
                    selector.select(Math.max(1, left / 1_000_000));
                }
            }
        } finally {
            if (key.isValid()) {
                key.interestOps(0);
            }
            selector.selectedKeys().clear();
        }
        return into.array();
    }

    /** Reads one frame and returns its payload. */
    public byte[] readFrame() throws IOException {
        int length = ByteBuffer.wrap(readExactly(Frames.HEADER_BYTES)).getInt();
        if (length < 0 || length > 64 << 20) {
            throw new AssertionError("the server sent a frame header announcing " + length + " bytes");
        }
        return readExactly(length);
    }

    /** The framework's Ack message id: a resumable session's acknowledgements, sent by the server's timer at any point. */
    private static final int ACK_MESSAGE_ID = 7;

    /**
     * Reads frames until one that is not an Ack and returns its payload: a resumable session's
     * server acknowledges what it received on its own timer, so an Ack may come before or after
     * any answer.
     */
    public byte[] readFrameSkippingAcks() throws IOException {
        while (true) {
            byte[] payload = readFrame();
            if (payload.length < 2 || (ByteBuffer.wrap(payload).getShort() & 0xFFFF) != ACK_MESSAGE_ID) {
                return payload;
            }
        }
    }

    /**
     * Reads and discards whatever arrives until the server ends the connection or {@code bound}
     * passes: the attacker's view of its treatment. Bytes discarded are counted in {@link #discarded()}.
     */
    public PeerFate awaitEnd(Duration bound) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
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
                discarded += got;
                if (got == 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return PeerFate.OPEN;
                    }
                    selector.selectedKeys().clear();
                    selector.select(Math.max(1, left / 1_000_000));
                }
            }
        } finally {
            if (key.isValid()) {
                key.interestOps(0);
            }
            selector.selectedKeys().clear();
        }
    }

    /** Bytes {@link #awaitEnd} read and threw away (what the server sent before it closed, e.g. a Disconnect). */
    public long discarded() {
        return discarded;
    }

    /** Closes abortively: SO_LINGER 0, so the server sees a reset (RST) instead of an orderly end. */
    public void reset() throws IOException {
        if (channel.isOpen()) {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        close();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }

    @Override
    public String toString() {
        return "peer " + localAddress() + ":" + localPort();
    }
}

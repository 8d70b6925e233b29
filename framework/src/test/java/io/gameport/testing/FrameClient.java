package io.gameport.testing;

import com.google.protobuf.Message;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The tests' blocking client of a Gameport server on 127.0.0.1: frames (4-byte big-endian length,
 * then the payload) over a plain or TLS socket, and with a codec whole messages. Nothing is read
 * unless the test reads, so it also plays a peer that never reads.
 */
public final class FrameClient implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Bounds every blocking read: a server that never answers fails the test instead of hanging it. */
    private static final int READ_TIMEOUT_MS = 60_000;
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    /** The socket frames go through: the TCP socket, or the TLS socket layered on it. */
    public final Socket socket;
    /** The TCP socket under it (the same as {@link #socket} without TLS): raw bytes and resets go here. */
    public final Socket raw;
    public final DataInputStream in;
    public final DataOutputStream out;
    private final MessageCodec codec;

    /** Frames over plain TCP. */
    public FrameClient(int port) throws IOException {
        this(null, port, 0, null, null);
    }

    /** Frames over TLS; the handshake is done before this returns. */
    public FrameClient(int port, SSLSocketFactory tls) throws IOException {
        this(null, port, 0, tls, null);
    }

    /**
     * Frames over plain TCP with SO_RCVBUF set to {@code receiveBufferBytes} before connecting: a
     * small one makes a client that never reads push back on the server sooner.
     */
    public FrameClient(int port, int receiveBufferBytes) throws IOException {
        this(null, port, receiveBufferBytes, null, null);
    }

    /** Frames over TLS with SO_RCVBUF set to {@code receiveBufferBytes} before connecting, as {@link #FrameClient(int, int)} does. */
    public FrameClient(int port, int receiveBufferBytes, SSLSocketFactory tls) throws IOException {
        this(null, port, receiveBufferBytes, tls, null);
    }

    /** Messages (and frames) over plain TCP, encoded and decoded by {@code codec}. */
    public FrameClient(int port, MessageCodec codec) throws IOException {
        this(null, port, 0, null, codec);
    }

    /** Messages over plain TCP, with SO_RCVBUF set to {@code receiveBufferBytes} as {@link #FrameClient(int, int)} does. */
    public FrameClient(int port, MessageCodec codec, int receiveBufferBytes) throws IOException {
        this(null, port, receiveBufferBytes, null, codec);
    }

    /** Frames over plain TCP from the loopback address {@code localAddress} (127.0.0.2, ...: peers told apart by address). */
    public FrameClient(String localAddress, int port) throws IOException {
        this(localAddress, port, 0, null, null);
    }

    private FrameClient(String localAddress, int port, int receiveBufferBytes, SSLSocketFactory tls, MessageCodec codec)
            throws IOException {
        this.codec = codec;
        raw = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                raw.setReceiveBufferSize(receiveBufferBytes);
            }
            if (localAddress != null) {
                raw.bind(new InetSocketAddress(localAddress, 0));
            }
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
            raw.setSoTimeout(READ_TIMEOUT_MS);
            if (tls == null) {
                socket = raw;
            } else {
                SSLSocket secure = (SSLSocket) tls.createSocket(raw, "127.0.0.1", port, true);
                secure.startHandshake();
                socket = secure;
            }
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER_BYTES));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER_BYTES));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Buffers one frame carrying {@code payload}; {@link #flush()} sends what is buffered. */
    public void writeFrame(byte[] payload) throws IOException {
        writeFrame(payload, 0, payload.length);
    }

    public void writeFrame(byte[] payload, int offset, int length) throws IOException {
        out.writeInt(length);
        out.write(payload, offset, length);
    }

    /** Buffers {@code message} as one frame with {@code requestId} in its header (0: not a request). */
    public void write(Message message, int requestId) throws IOException {
        ByteBuffer payload = codec().encode(message, requestId);
        writeFrame(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The next frame's payload. */
    public byte[] readFrame() throws IOException {
        int length = in.readInt();
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    /** The next frame, decoded. */
    public Envelope read() throws IOException, ProtocolException {
        return codec().decode(ByteBuffer.wrap(readFrame()));
    }

    /** True when the server closed the connection (end of stream or reset) with nothing more to read. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException | SSLException e) {
            return true;
        }
    }

    /**
     * Reads and discards what the server still sends (a Disconnect, frames the test did not read)
     * until it closes the connection: true then, end of stream or reset. A server that keeps it
     * open fails the read after the read timeout.
     */
    public boolean awaitClosedByServer() throws IOException {
        try {
            while (in.read() != -1) {
                // what the server sent before it closed
            }
            return true;
        } catch (SocketException | SSLException e) {
            return true;
        }
    }

    private MessageCodec codec() {
        if (codec == null) {
            throw new IllegalStateException("this FrameClient was made without a MessageCodec: it speaks frames only");
        }
        return codec;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package io.gameport.server;

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

/** A blocking socket client speaking frames of the message protocol; the test controls when it reads, if ever. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final MessageCodec codec;

    RawClient(int port, MessageCodec codec) throws IOException {
        this(port, codec, 0);
    }

    /** @param receiveBufferBytes SO_RCVBUF before connecting (0: the system's), small for a client that never reads */
    RawClient(int port, MessageCodec codec, int receiveBufferBytes) throws IOException {
        this.codec = codec;
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
    }

    void write(Message message, int requestId) throws IOException {
        ByteBuffer payload = codec.encode(message, requestId);
        writeFrame(payload.array(), payload.arrayOffset(), payload.remaining());
    }

    void writeFrame(byte[] payload, int offset, int length) throws IOException {
        out.writeInt(length);
        out.write(payload, offset, length);
    }

    void flush() throws IOException {
        out.flush();
    }

    Envelope read() throws IOException, ProtocolException {
        int length = in.readInt();
        byte[] payload = new byte[length];
        in.readFully(payload);
        return codec.decode(ByteBuffer.wrap(payload));
    }

    /** True once the server closed the connection: end of stream or reset after any unread frames. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

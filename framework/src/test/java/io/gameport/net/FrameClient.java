package io.gameport.net;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/** A blocking test client speaking the frame format: 4-byte big-endian length, then the payload. */
final class FrameClient implements AutoCloseable {
    /** The socket frames go through: the TCP socket, or the TLS socket layered on it. */
    final Socket socket;
    /** The TCP socket under it (the same as {@link #socket} without TLS): raw bytes and resets go here. */
    final Socket raw;
    final DataInputStream in;
    final DataOutputStream out;

    FrameClient(int port) throws IOException {
        this(port, null);
    }

    /** With a factory, speaks TLS over the connection; the handshake is done before this returns. */
    FrameClient(int port, javax.net.ssl.SSLSocketFactory tls) throws IOException {
        raw = new Socket();
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        raw.setSoTimeout(60_000);
        if (tls == null) {
            socket = raw;
        } else {
            javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.createSocket(raw, "127.0.0.1", port, true);
            secure.startHandshake();
            socket = secure;
        }
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
    }

    void writeFrame(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
    }

    void flush() throws IOException {
        out.flush();
    }

    byte[] readFrame() throws IOException {
        int length = in.readInt();
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    /** True when the server closed the connection: end of stream or reset, with nothing more to read. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException | javax.net.ssl.SSLException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

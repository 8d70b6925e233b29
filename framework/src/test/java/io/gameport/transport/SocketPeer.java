package io.gameport.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** The far end of a real backend's connection: a java.net socket on 127.0.0.1. */
final class SocketPeer implements CompletionPortContract.Peer {

    private final Socket socket;

    private SocketPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) PortRecorder.DEADLINE_MS);
    }

    /** Connects to a listener of the port under test. */
    static SocketPeer connect(InetSocketAddress listener) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(listener, 5_000);
            return new SocketPeer(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A java.net listener on 127.0.0.1 for the port under test to connect to. */
    static CompletionPortContract.PeerListener listen() throws IOException {
        ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        return new CompletionPortContract.PeerListener() {
            @Override
            public InetSocketAddress address() {
                return (InetSocketAddress) server.getLocalSocketAddress();
            }

            @Override
            public CompletionPortContract.Peer accept() throws IOException {
                server.setSoTimeout((int) PortRecorder.DEADLINE_MS);
                return new SocketPeer(server.accept());
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }

    /** An address on 127.0.0.1 where nothing listens: a port bound and released again. */
    static InetSocketAddress closedAddress() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return (InetSocketAddress) probe.getLocalSocketAddress();
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    @Override
    public byte[] read(int bytes) throws IOException {
        byte[] data = socket.getInputStream().readNBytes(bytes);
        assertEquals(bytes, data.length, "the connection ended early");
        return data;
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public boolean seesEnd() throws IOException {
        return socket.getInputStream().read() == -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

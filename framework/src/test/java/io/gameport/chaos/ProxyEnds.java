package io.gameport.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The two ends of connections through a {@link FaultProxy} in tests: an upstream java.net listener
 * and clients that connect through the proxy, each pair matched to the proxy's id for it.
 */
final class ProxyEnds implements AutoCloseable {

    static final int DEADLINE_MS = 10_000;

    final ServerSocket upstream;

    ProxyEnds() throws IOException {
        upstream = new ServerSocket(0, 2_048, InetAddress.getLoopbackAddress());
        upstream.setSoTimeout(DEADLINE_MS);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) upstream.getLocalSocketAddress();
    }

    /** A client connected through {@code proxy}, the server's accepted socket, and the proxy's id. */
    record Pair(Socket client, Socket server, long id) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    Pair connect(FaultProxy proxy) throws IOException {
        Socket client = new Socket();
        client.connect(proxy.address(), DEADLINE_MS);
        client.setSoTimeout(DEADLINE_MS);
        client.setTcpNoDelay(true);
        Socket server = upstream.accept();
        server.setSoTimeout(DEADLINE_MS);
        server.setTcpNoDelay(true);
        ProxiedConnection seen = awaitConnection(proxy, c -> c.client() != null
                && c.client().getPort() == client.getLocalPort()
                && c.state() == ProxiedConnection.State.FORWARDING);
        return new Pair(client, server, seen.id());
    }

    static ProxiedConnection awaitConnection(FaultProxy proxy, Predicate<ProxiedConnection> which) {
        long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000L;
        while (System.nanoTime() - deadline < 0) {
            for (ProxiedConnection c : proxy.connections()) {
                if (which.test(c)) {
                    return c;
                }
            }
            pause();
        }
        return fail("no such connection within " + DEADLINE_MS + " ms: " + proxy.connections());
    }

    static void awaitNoConnections(FaultProxy proxy) {
        long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000L;
        List<ProxiedConnection> live = proxy.connections();
        while (!live.isEmpty() && System.nanoTime() - deadline < 0) {
            pause();
            live = proxy.connections();
        }
        assertTrue(live.isEmpty(), "connections still live: " + live);
    }

    /** How a read to the end of a stream finished. */
    enum Ending { END_OF_STREAM, RESET }

    /** What one end received before its stream ended, and how it ended. */
    record Received(byte[] bytes, Ending ending) {
    }

    /** Reads until end of stream or reset; fails if neither comes within the deadline. */
    static Received readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                out.write(chunk, 0, n);
            }
            return new Received(out.toByteArray(), Ending.END_OF_STREAM);
        } catch (SocketTimeoutException e) {
            return fail("the stream neither ended nor was reset within " + DEADLINE_MS + " ms; received "
                    + out.size() + " bytes");
        } catch (SocketException e) {
            return new Received(out.toByteArray(), Ending.RESET);
        }
    }

    /**
     * Connects a client to {@code address} and reads to the end; a reset may already come while the
     * connect completes (the proxy accepts and resets before the client's connect call returns).
     */
    static Received connectAndReadToEnd(InetSocketAddress address) throws IOException {
        try (Socket client = new Socket()) {
            try {
                client.connect(address, DEADLINE_MS);
            } catch (SocketException e) {
                return new Received(new byte[0], Ending.RESET);
            }
            client.setSoTimeout(DEADLINE_MS);
            return readToEnd(client);
        }
    }

    /** Reads exactly {@code length} bytes. */
    static byte[] readExactly(Socket socket, int length) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(length);
        if (bytes.length != length) {
            fail("stream ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** True when nothing arrives and nothing ends within {@code quietMs}. */
    static boolean silentFor(Socket socket, int quietMs) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(quietMs);
        try {
            int b = socket.getInputStream().read();
            return false; // a byte (b >= 0) or end of stream (b < 0): not silent
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}

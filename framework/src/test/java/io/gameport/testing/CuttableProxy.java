package io.gameport.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 between test clients and a server that the test can cut: every
 * connection it carries is reset on both sides at once ({@link #cutAll()}, an abortive close
 * with SO_LINGER 0, as a network failure looks to both ends), and while {@link #refuse(boolean)}
 * is on, new connections are reset as soon as they are accepted. Blocking sockets, two daemon
 * threads per connection; for tests that need a drop at a moment they choose.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket[]> pairs = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean refusing;
    private volatile boolean closed;

    public CuttableProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 128, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "cuttable-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", listener.getLocalPort());
    }

    /** Connections accepted so far (refused ones included). */
    public int accepted() {
        return accepted.get();
    }

    /** Resets every connection carried now, on both sides. */
    public void cutAll() {
        for (Socket[] pair : pairs) {
            reset(pair[0]);
            reset(pair[1]);
            pairs.remove(pair);
        }
    }

    /** While on, new connections are reset at once (a server out of reach). */
    public void refuse(boolean on) {
        refusing = on;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            if (refusing) {
                reset(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                server.connect(target, 5_000);
            } catch (IOException e) {
                reset(client);
                reset(server);
                continue;
            }
            Socket[] pair = {client, server};
            pairs.add(pair);
            pump(client, server, pair);
            pump(server, client, pair);
        }
    }

    private void pump(Socket from, Socket to, Socket[] pair) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
                // An orderly end travels on as one.
                to.shutdownOutput();
            } catch (IOException e) {
                reset(from);
                reset(to);
                pairs.remove(pair);
            }
        }, "cuttable-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        cutAll();
    }
}

package io.gameport.sample.testdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port in front of a database server. {@link #cutOff()} is the
 * database going away as its clients see it (every open connection reset, new ones refused);
 * {@link #restore()} brings it back on the same port. {@link #rewrite} turns the database's JDBC
 * URL into one that goes through the link.
 */
public final class DatabaseLink implements AutoCloseable {

    private final String host;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;
    private boolean closed;

    /** Forwards to the server named in {@code jdbcUrl} ({@code ...//127.0.0.1:PORT/...}). */
    public DatabaseLink(String jdbcUrl) throws IOException {
        int start = jdbcUrl.indexOf("//127.0.0.1:");
        if (start < 0) {
            throw new IllegalArgumentException("the database must be served on 127.0.0.1, was " + jdbcUrl);
        }
        int portStart = start + "//127.0.0.1:".length();
        int portEnd = jdbcUrl.indexOf('/', portStart);
        this.host = "127.0.0.1";
        this.targetPort = Integer.parseInt(jdbcUrl.substring(portStart, portEnd));
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptOn(listener);
    }

    /** {@code jdbcUrl} with the server's port replaced by this link's. */
    public String rewrite(String jdbcUrl) {
        return jdbcUrl.replace("//127.0.0.1:" + targetPort + "/", "//127.0.0.1:" + port + "/");
    }

    /** Resets every forwarded connection and refuses new ones until {@link #restore()}. */
    public synchronized void cutOff() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket socket : open) {
            reset(socket);
        }
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        if (listener == null && !closed) {
            listener = listen(port);
            acceptOn(listener);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        cutOff();
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        return socket;
    }

    private void acceptOn(ServerSocket server) {
        daemon("database-link-accept", () -> {
            while (true) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return; // cut off or closed
                }
                Socket database;
                try {
                    database = new Socket(host, targetPort);
                } catch (IOException e) {
                    reset(client);
                    continue;
                }
                // A connection accepted just before a cut-off must not outlive it.
                synchronized (this) {
                    if (listener != server) {
                        reset(client);
                        reset(database);
                        continue;
                    }
                    open.add(client);
                    open.add(database);
                }
                daemon("database-link-up", () -> pump(client, database));
                daemon("database-link-down", () -> pump(database, client));
            }
        });
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // Either side went away (or was cut off): the other is closed below.
        } finally {
            reset(from);
            reset(to);
        }
    }

    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}

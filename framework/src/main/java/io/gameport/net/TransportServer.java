package io.gameport.net;

import io.gameport.transport.CompletionBackend;
import io.gameport.transport.ErrorMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;

/**
 * A listening server: I/O workers, a listener on the first worker, and accepted connections
 * dealt to the workers in turn. Frames go to the {@link ConnectionHandler}.
 *
 * <pre>{@code
 * try (TransportServer server = TransportServer.start(config, new InetSocketAddress("0.0.0.0", 7000), handler)) {
 *     ...
 * }
 * }</pre>
 */
public final class TransportServer implements AutoCloseable {

    private final WorkerGroup group;
    private final InetSocketAddress localAddress;

    private TransportServer(WorkerGroup group, InetSocketAddress localAddress) {
        this.group = group;
        this.localAddress = localAddress;
    }

    public static TransportServer start(TransportConfig config, InetSocketAddress bind, ConnectionHandler handler) throws IOException {
        return start(config, bind, handler, new ErrorMetrics());
    }

    public static TransportServer start(TransportConfig config, InetSocketAddress bind, ConnectionHandler handler,
                                        ErrorMetrics errors) throws IOException {
        return start(new WorkerGroup("gameport", config, handler, errors), bind);
    }

    /** Starts on a backend the caller opened; the server owns and closes it. */
    public static TransportServer start(TransportConfig config, InetSocketAddress bind, ConnectionHandler handler,
                                        ErrorMetrics errors, CompletionBackend backend) throws IOException {
        return start(new WorkerGroup("gameport", config, handler, errors, backend), bind);
    }

    /**
     * Starts a server whose every connection speaks TLS with {@code tls} (a server context: its
     * certificate and key); handlers see the plaintext frames. The context is not closed with the server.
     */
    public static TransportServer start(TransportConfig config, InetSocketAddress bind, ConnectionHandler handler,
                                        ErrorMetrics errors, io.gameport.tls.TlsContext tls) throws IOException {
        return start(new WorkerGroup("gameport", config, handler, errors), bind, tls);
    }

    /** As {@link #start(TransportConfig, InetSocketAddress, ConnectionHandler, ErrorMetrics, io.gameport.tls.TlsContext)} on a backend the caller opened. */
    public static TransportServer start(TransportConfig config, InetSocketAddress bind, ConnectionHandler handler,
                                        ErrorMetrics errors, CompletionBackend backend, io.gameport.tls.TlsContext tls) throws IOException {
        return start(new WorkerGroup("gameport", config, handler, errors, backend), bind, tls);
    }

    private static TransportServer start(WorkerGroup group, InetSocketAddress bind, io.gameport.tls.TlsContext tls) throws IOException {
        if (tls != null && tls.isClient()) {
            group.close();
            throw new IllegalArgumentException("a server needs a server TLS context (TlsContext.server), not a client one");
        }
        group.useTls(tls);
        return start(group, bind);
    }

    private static TransportServer start(WorkerGroup group, InetSocketAddress bind) throws IOException {
        try {
            InetSocketAddress local = group.worker(0).listen(bind).get();
            return new TransportServer(group, local);
        } catch (ExecutionException e) {
            group.close();
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw new IOException("cannot listen on " + bind + ": " + cause.getMessage(), cause);
            }
            throw new IOException("cannot listen on " + bind, cause);
        } catch (InterruptedException e) {
            group.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting to listen on " + bind, e);
        }
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public int port() {
        return localAddress.getPort();
    }

    public String backendName() {
        return group.backendName();
    }

    public WorkerGroup workers() {
        return group;
    }

    /** Stops listening; open connections stay until {@link #close}. Returns before the listener's close completes. */
    public void stopListening() {
        group.closeListeners();
    }

    /** Stops listening, closes every connection, waits for the last completion, releases everything. */
    @Override
    public void close() {
        group.close();
    }
}

package io.gameport.net;

import io.gameport.log.PeerLogs;
import io.gameport.transport.ErrorMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;

/**
 * A listening server: I/O workers, a listener on the first worker, and accepted connections
 * dealt to the workers in turn. Frames go to the {@link ConnectionHandler}.
 *
 * <pre>{@code
 * try (TransportServer server = TransportServer.start(TransportSettings.defaults(), ProtocolSettings.DEFAULT_MAX_FRAME_BYTES,
 *         new InetSocketAddress("0.0.0.0", 7000), handler)) {
 *     ...
 * }
 * }</pre>
 *
 * <p>This is the framed-connection layer a {@code GameServer} runs on (it stays in {@code net}, beside
 * the workers and connections it starts); the completion backends below it are in {@code transport}.
 */
public final class TransportServer implements AutoCloseable {

    private final WorkerGroup group;
    private final InetSocketAddress localAddress;

    private TransportServer(WorkerGroup group, InetSocketAddress localAddress) {
        this.group = group;
        this.localAddress = localAddress;
    }

    /** A plaintext server with its own error counters and the default peer-log rate. */
    public static TransportServer start(TransportSettings settings, int maxFrameBytes, InetSocketAddress bind,
                                       ConnectionHandler handler) throws IOException {
        PeerLogs logs = PeerLogs.defaults();
        return start(settings, maxFrameBytes, bind, handler, new ErrorMetrics(logs), logs, null);
    }

    /**
     * Starts a server on the backend {@code settings} name; with {@code tls} (a server context: its
     * certificate and key) every connection speaks TLS and handlers see the plaintext frames, null
     * is plaintext. The context is not closed with the server.
     *
     * @param maxFrameBytes the largest frame payload a peer may send; a larger header closes the connection
     */
    public static TransportServer start(TransportSettings settings, int maxFrameBytes, InetSocketAddress bind,
                                       ConnectionHandler handler, ErrorMetrics errors, PeerLogs logs,
                                       io.gameport.tls.TlsContext tls) throws IOException {
        return start(new WorkerGroup("gameport", settings, maxFrameBytes, handler, errors, logs), bind, tls);
    }

    /**
     * Starts listening on a worker group the caller built (e.g. on a backend it opened); the server
     * owns the group from here on, and closes it if listening fails.
     */
    public static TransportServer start(WorkerGroup group, InetSocketAddress bind, io.gameport.tls.TlsContext tls)
            throws IOException {
        if (tls != null && tls.isClient()) {
            group.close();
            throw new IllegalArgumentException("a server needs a server TLS context (TlsContext.server), not a client one");
        }
        group.useTls(tls);
        return listen(group, bind);
    }

    private static TransportServer listen(WorkerGroup group, InetSocketAddress bind) throws IOException {
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

package io.gameport.net;

import io.gameport.log.PeerLogs;
import io.gameport.transport.ErrorMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The client side: I/O workers that open outgoing connections (bots, servers linking to other
 * servers). Connections are dealt to the workers in turn.
 */
public final class TransportClient implements AutoCloseable {

    private final WorkerGroup group;

    /** A plaintext client with its own error counters and the default peer-log rate. */
    public TransportClient(TransportSettings settings, int maxFrameBytes) throws IOException {
        this(settings, maxFrameBytes, PeerLogs.defaults());
    }

    private TransportClient(TransportSettings settings, int maxFrameBytes, PeerLogs logs) throws IOException {
        this(settings, maxFrameBytes, new ErrorMetrics(logs), logs, null);
    }

    /**
     * A client whose every connection speaks TLS with {@code tls} (a client context: trusted roots,
     * optionally a client certificate), or plaintext when it is null. The host given to
     * {@link #connect} is the name the server's certificate must carry (hostname verification).
     * Frames sent before the handshake finishes wait for it; a failed handshake closes the
     * connection with {@link CloseReason#TLS_HANDSHAKE_FAILED}. The context is not closed with the client.
     *
     * @param maxFrameBytes the largest frame payload a server may send; a larger header closes the connection
     */
    public TransportClient(TransportSettings settings, int maxFrameBytes, ErrorMetrics errors, PeerLogs logs,
                           io.gameport.tls.TlsContext tls) throws IOException {
        if (tls != null && !tls.isClient()) {
            throw new IllegalArgumentException("a client needs a client TLS context (TlsContext.client), not a server one");
        }
        this.group = new WorkerGroup("gameport-client", settings, maxFrameBytes, (connection, payload) -> {
            throw new IllegalStateException("client connections are opened with their own handler");
        }, errors, logs);
        group.useTls(tls);
    }

    /**
     * Connects; the future fails with {@link ConnectFailedException} (whose outcome says whether
     * to retry, e.g. REFUSED) or completes with the open connection, whose frames go to {@code handler}.
     */
    public CompletableFuture<Connection> connect(InetSocketAddress remote, ConnectionHandler handler) {
        return group.nextWorker().connect(remote, handler);
    }

    public WorkerGroup workers() {
        return group;
    }

    public String backendName() {
        return group.backendName();
    }

    @Override
    public void close() {
        group.close();
    }
}

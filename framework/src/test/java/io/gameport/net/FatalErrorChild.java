package io.gameport.net;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * The child process of {@link FatalErrorExitTest}: a server whose handler throws a
 * StackOverflowError, with a shutdown hook that closes the server (and so waits for the very
 * worker that failed, which an exit running the hooks would deadlock on), and one frame sent to
 * itself. Exits only through {@link FatalErrors}, or with status 3 if the fatal path never came.
 */
public final class FatalErrorChild {

    private FatalErrorChild() {
    }

    public static void main(String[] args) throws Exception {
        TransportServer server = TransportServer.start(TransportSettings.defaults().withWorkers(1), 1 << 20,
                new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
                    @Override
                    public void onFrame(Connection connection, ByteBuffer payload) {
                        throw new StackOverflowError("a handler recursing without end");
                    }
                });
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "child-shutdown"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 0, 0, 1, 42});
            out.flush();
            Thread.sleep(60_000);
        }
        System.exit(3);
    }
}

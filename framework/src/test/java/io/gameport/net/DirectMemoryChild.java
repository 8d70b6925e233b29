package io.gameport.net;

import io.gameport.transport.Backend;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link DirectMemoryExhaustionTest}, run with a small
 * {@code -XX:MaxDirectMemorySize}: an echo server, a client that is served, then the rest of the
 * JVM's direct memory taken by a hog, then a client whose echo needs new outbound chunks (or, on
 * NIO2, receive buffers). That client must be closed with DIRECT_MEMORY_EXHAUSTED while the worker
 * goes on serving the first client, and once the hog lets go a new client is served. Prints one
 * line per check; exit status 0 only when all hold. All socket I/O is on the main thread in pieces
 * of at most 64 KiB, so the JDK's own temporary direct buffers are cached before the hog comes.
 */
public final class DirectMemoryChild {

    private static final int PIECE = 64 * 1024;

    private DirectMemoryChild() {
    }

    public static void main(String[] args) throws Exception {
        String backend = args[0];
        System.out.println("jvmMaxBytes=" + DirectMemory.jvmMaxBytes());
        TransportSettings config = TransportSettings.defaults().withBackend(Backend.fromId(backend)).withWorkers(1)
                .withSendQuota(new SendQuotaSettings(100_000, 4L << 20, 8L << 20, SendQuotaPolicy.DISCONNECT));
        try (TransportServer server = TransportServer.start(config, 1 << 20, new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
            @Override
            public void onFrame(Connection connection, ByteBuffer payload) {
                connection.send(payload);
            }
        })) {
            System.out.println("backend=" + server.backendName());
            Socket served = connect(server.port());
            echo(served, PIECE);
            List<ByteBuffer> hog = new ArrayList<>();
            try {
                while (true) {
                    hog.add(ByteBuffer.allocateDirect(256 * 1024));
                }
            } catch (OutOfMemoryError full) {
                System.out.println("hog holds " + hog.size() * 256 + " KiB");
            }
            Socket starved = connect(server.port());
            try {
                write(starved, 8 * PIECE);
                int read = starved.getInputStream().read(new byte[PIECE]);
                System.out.println("starved client read " + read);
            } catch (java.io.IOException e) {
                System.out.println("starved client: " + e);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (server.workers().closeCount(CloseReason.DIRECT_MEMORY_EXHAUSTED) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            System.out.println("DIRECT_MEMORY_EXHAUSTED closes=" + server.workers().closeCount(CloseReason.DIRECT_MEMORY_EXHAUSTED));
            hog.clear();
            System.gc();
            echo(served, 100);
            System.out.println("served client still served");
            echo(connect(server.port()), PIECE);
            System.out.println("new client served");
            boolean ok = server.workers().closeCount(CloseReason.DIRECT_MEMORY_EXHAUSTED) >= 1
                    && server.workers().internalErrors() == 0;
            System.out.println(ok ? "CHILD OK" : "CHILD FAILED");
            System.out.flush();
            Runtime.getRuntime().halt(ok ? 0 : 1);
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static void write(Socket socket, int length) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(ByteBuffer.allocate(4).putInt(length).array());
        byte[] piece = new byte[PIECE];
        for (int sent = 0; sent < length; sent += PIECE) {
            out.write(piece, 0, Math.min(PIECE, length - sent));
        }
        out.flush();
    }

    private static void echo(Socket socket, int length) throws Exception {
        write(socket, length);
        InputStream in = socket.getInputStream();
        DataInputStream data = new DataInputStream(in);
        int echoed = data.readInt();
        byte[] piece = new byte[PIECE];
        for (int got = 0; got < echoed; ) {
            got += in.read(piece, 0, Math.min(PIECE, echoed - got));
        }
        if (echoed != length) {
            throw new AssertionError("echoed " + echoed + " of " + length);
        }
    }
}

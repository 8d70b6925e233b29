package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gameport.testing.FrameClient;
import io.gameport.transport.Backend;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A purposeful close ({@link Connection#closeAfterSending}) delivers what was queued before it
 * even to a peer that is still sending. Closing a TCP socket whose receive buffer holds unread
 * bytes makes the kernel answer with a reset and throw away whatever it had not transmitted yet
 * (RFC 1122 4.2.2.13; Linux's tcp_close), so the goodbye must be followed by a half-close and the
 * peer's bytes read and dropped until it closes too or the linger ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloseAfterSendingDeliveryTest {

    /** Far more than the peer's small receive window: most of it is still in the server's kernel buffer at the close. */
    private static final int BULK_FRAMES = 64;
    private static final int BULK_FRAME_BYTES = 32 * 1024;
    /**
     * Header 00 01 01 01, payload all 0xFF: four bytes read from anywhere but its start are a
     * length over the 1 MiB maximum (01 01 01 FF, 01 01 FF FF, 01 FF FF FF) or negative.
     */
    private static final byte[] MISREAD_FRAME = frameOfOnes(0x010101);
    private static final int MAX_FRAME_BYTES = 1 << 20;
    private static final byte[] GOODBYE = "goodbye".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "nio2"})
    void theGoodbyeReachesAPeerThatKeepsSendingAndDoesNotReadYet(String backend) throws Exception {
        goodbyeReachesAFloodingPeer(backend);
    }

    /**
     * Over TLS the goodbye is followed by close_notify, and the same half-close and drain: closing
     * with the peer's ciphertext unread would reset the connection and drop what the kernel had not
     * sent yet, the goodbye and close_notify included.
     */
    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "nio2"})
    void theGoodbyeAndCloseNotifyReachATlsPeerThatKeepsSendingAndDoesNotReadYet(String backend) throws Exception {
        ConcurrentLinkedQueue<CloseReason> closes = new ConcurrentLinkedQueue<>();
        try (TransportServer server = TransportServer.start(TransportSettings.defaults().withBackend(Backend.fromId(backend)).withWorkers(1),
                MAX_FRAME_BYTES, new InetSocketAddress("127.0.0.1", 0), new GoodbyeOnFirstFrame(closes),
                new io.gameport.transport.ErrorMetrics(), io.gameport.log.PeerLogs.defaults(), TlsConformanceSupport.SERVER);
             FrameClient peer = new FrameClient(server.port(), 4096, TlsConformanceSupport.SOCKETS)) {
            goodbyeReachesAFloodingPeer(peer, peer.socket.getOutputStream(), closes);
        }
    }

    /**
     * Frames arriving after a purposeful close are not decoded at all. The close is asked for in
     * the middle of a received chunk, whose remaining bytes are dropped; decoding a later chunk
     * would start inside a frame and read payload bytes as a header (on NIO2 that reset the
     * connection with FRAME_TOO_LARGE before the goodbye). Every misplaced header here is too large
     * or negative, so a single misread ends the connection with another reason.
     */
    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "nio2"})
    void framesAfterAPurposefulCloseInTheSameChunkAreNeverReadAsHeaders(String backend) throws Exception {
        ConcurrentLinkedQueue<CloseReason> closes = new ConcurrentLinkedQueue<>();
        try (TransportServer server = TransportServer.start(TransportSettings.defaults().withBackend(Backend.fromId(backend)).withWorkers(1),
                MAX_FRAME_BYTES, new InetSocketAddress("127.0.0.1", 0), new GoodbyeOnFirstFrame(closes));
             FrameClient peer = new FrameClient(server.port(), 4096)) {
            OutputStream out = peer.raw.getOutputStream();
            // One write, so the frame that triggers the close and three more arrive in one chunk.
            ByteBuffer first = ByteBuffer.allocate(5 + 3 * MISREAD_FRAME.length).putInt(1).put((byte) 1);
            for (int i = 0; i < 3; i++) {
                first.put(MISREAD_FRAME);
            }
            sendOrNameTheClose(out, first.array(), closes);
            awaitBytesReceived(server, first.capacity(), closes);
            // A later chunk while the bulk is still queued (we have not read yet): the close is pending, not draining.
            byte[] second = new byte[2 * MISREAD_FRAME.length];
            System.arraycopy(MISREAD_FRAME, 0, second, 0, MISREAD_FRAME.length);
            System.arraycopy(MISREAD_FRAME, 0, second, MISREAD_FRAME.length, MISREAD_FRAME.length);
            sendOrNameTheClose(out, second, closes);
            awaitBytesReceived(server, first.capacity() + second.length, closes);
            assertTrue(closes.isEmpty(), () -> "still open, waiting for the peer to read; closed: " + closes);
            int bulk = 0;
            while (!Arrays.equals(peer.readFrame(), GOODBYE)) {
                bulk++;
            }
            assertEquals(BULK_FRAMES, bulk, "every frame queued before the close arrived");
            assertEquals(-1, peer.in.read(), "then the server's half-close: end of stream, not a reset");
            peer.close();
            while (closes.isEmpty()) {
                Thread.sleep(10);
            }
            assertEquals(CloseReason.LOCAL_CLOSE, closes.peek(), "no later byte was read as a frame header");
        }
    }

    private static void sendOrNameTheClose(OutputStream out, byte[] bytes, ConcurrentLinkedQueue<CloseReason> closes)
            throws InterruptedException {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            while (closes.isEmpty()) {
                Thread.sleep(10);
            }
            fail("the server closed the connection while the peer was sending: " + closes, e);
        }
    }

    /** Until the server's worker has taken {@code bytes} in (or the connection closed, which the caller asserts). */
    private static void awaitBytesReceived(TransportServer server, long bytes, ConcurrentLinkedQueue<CloseReason> closes)
            throws InterruptedException {
        // The count is kept by the worker that decodes, before it handles any later completion.
        while (server.workers().bytesReceived() < bytes && closes.isEmpty()) {
            Thread.sleep(5);
        }
    }

    private void goodbyeReachesAFloodingPeer(String backend) throws Exception {
        ConcurrentLinkedQueue<CloseReason> closes = new ConcurrentLinkedQueue<>();
        try (TransportServer server = TransportServer.start(TransportSettings.defaults().withBackend(Backend.fromId(backend)).withWorkers(1), MAX_FRAME_BYTES,
                new InetSocketAddress("127.0.0.1", 0), new GoodbyeOnFirstFrame(closes));
             // A small window: the bulk cannot all be in flight, the rest waits in the server's kernel buffer.
             FrameClient peer = new FrameClient(server.port(), 4096)) {
            goodbyeReachesAFloodingPeer(peer, peer.raw.getOutputStream(), closes);
        }
    }

    /** The peer sends one frame, then floods through {@code flood} without reading until the goodbye and end of stream arrive. */
    private static void goodbyeReachesAFloodingPeer(FrameClient peer, OutputStream floodOut, ConcurrentLinkedQueue<CloseReason> closes)
            throws Exception {
        peer.writeFrame(new byte[] {1});
        peer.flush();
        AtomicBoolean stop = new AtomicBoolean();
        Thread flood = floodUntilStopped(floodOut, stop);
        // Keep sending without reading: when the server closes, bytes of ours are unread in its buffer.
        Thread.sleep(300);
        int bulk = 0;
        byte[] last = null;
        try {
            while (true) {
                byte[] payload = peer.readFrame();
                if (Arrays.equals(payload, GOODBYE)) {
                    last = payload;
                    break;
                }
                bulk++;
            }
        } catch (EOFException | SocketException ended) {
            // Ended before the goodbye: asserted below.
        }
        boolean endOfStream = last != null && peer.in.read() == -1;
        stop.set(true);
        assertEquals(BULK_FRAMES, bulk, "every frame queued before the close arrived");
        assertTrue(last != null, "the goodbye queued before the close arrived");
        assertTrue(endOfStream, "then the server's half-close: end of stream, not a reset");
        peer.close();
        flood.join(10_000);
        while (closes.isEmpty()) {
            Thread.sleep(10);
        }
        assertEquals(CloseReason.LOCAL_CLOSE, closes.peek(), "the close keeps its purpose, not the peer's end");
    }

    private static Thread floodUntilStopped(OutputStream out, AtomicBoolean stop) {
        Thread flood = new Thread(() -> {
            byte[] junk = frame(new byte[1024]);
            try {
                while (!stop.get()) {
                    out.write(junk);
                }
            } catch (IOException closed) {
                // The server is done with us.
            }
        }, "flooding-peer");
        flood.setDaemon(true);
        flood.start();
        return flood;
    }

    private static byte[] frameOfOnes(int length) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 0xFF);
        return frame(payload);
    }

    private static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /** Answers the first frame with the bulk and the goodbye, then a purposeful close; ignores the rest. */
    private static final class GoodbyeOnFirstFrame implements ConnectionHandler {
        private final ConcurrentLinkedQueue<CloseReason> closes;
        private boolean answered;

        GoodbyeOnFirstFrame(ConcurrentLinkedQueue<CloseReason> closes) {
            this.closes = closes;
        }

        @Override
        public void onFrame(Connection connection, ByteBuffer payload) {
            if (answered) {
                return;
            }
            answered = true;
            ByteBuffer bulk = ByteBuffer.allocate(BULK_FRAME_BYTES);
            for (int i = 0; i < BULK_FRAMES; i++) {
                connection.send(bulk.duplicate());
            }
            connection.send(ByteBuffer.wrap(GOODBYE));
            connection.closeAfterSending(CloseReason.LOCAL_CLOSE, 30_000);
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
            closes.add(reason);
        }
    }
}

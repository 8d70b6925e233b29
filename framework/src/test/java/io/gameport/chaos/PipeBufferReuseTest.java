package io.gameport.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy hands a closed connection's pipe buffers to the next connection. A buffer taken back
 * while it still held bytes that were read and never written must carry none of them into the
 * next connection's stream.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeBufferReuseTest {

    @Test
    void aReleasedBufferServesTheNextPipeWithNoneOfTheBytesItStillHeld() throws Exception {
        try (SocketPair source = SocketPair.open(); SocketPair destination = SocketPair.open()) {
            Pipe closed = new Pipe(ByteBuffer.allocateDirect(1024));
            source.writer.write(ByteBuffer.wrap(bytes(300, 1)));
            readUntil(closed, source.reader, 300);
            // its connection closed with 300 bytes read and none written

            Pipe next = new Pipe(closed.release());
            byte[] expected = bytes(200, 2);
            source.writer.write(ByteBuffer.wrap(expected));
            readUntil(next, source.reader, 200);
            while (next.hasBuffered()) {
                next.writeTo(destination.writer, System.nanoTime());
            }

            ByteBuffer received = ByteBuffer.allocate(expected.length);
            while (received.hasRemaining()) {
                destination.reader.read(received);
            }
            assertArrayEquals(expected, received.array(), "the next connection got exactly its own bytes");
            assertEquals(200, next.writtenTotal());
        }
    }

    private static void readUntil(Pipe pipe, SocketChannel from, long total) throws IOException {
        while (pipe.readTotal() < total) {
            pipe.readFrom(from, System.nanoTime(), 0);
        }
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Two connected blocking loopback sockets: bytes written to {@code writer} are read from {@code reader}. */
    private record SocketPair(SocketChannel writer, SocketChannel reader) implements AutoCloseable {
        static SocketPair open() throws IOException {
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel writer = SocketChannel.open(listener.getLocalAddress());
                return new SocketPair(writer, listener.accept());
            }
        }

        @Override
        public void close() throws IOException {
            try (writer; reader) {
                // both closed, the second even if the first throws
            }
        }
    }
}

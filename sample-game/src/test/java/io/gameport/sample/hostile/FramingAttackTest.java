package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Frame headers a peer can lie with, and frames cut or packed oddly, against the echo server
 * (the raw transport every server sits on). Bad headers close only their connection with a named
 * reason; odd but valid framing is echoed byte for byte.
 */
@Timeout(120)
class FramingAttackTest {

    private ServerProcess server;

    @BeforeEach
    void start() throws Exception {
        server = ServerProcess.echoServer().jvm("-Xmx256m").args("--workers", "2").start();
    }

    @AfterEach
    void kill() throws InterruptedException {
        server.close();
    }

    @Test
    void aLengthAboveTheMaximumClosesOnlyThatPeerWithFrameTooLarge() throws Exception {
        for (int length : new int[] {(1 << 20) + 1, Integer.MAX_VALUE}) {
            try (RawPeer attacker = RawPeer.connect(server.port())) {
                attacker.send(Frames.header(length)).send(new byte[] {1, 2, 3});
                Treatment.assertClosedWithReason(attacker, server, "FRAME_TOO_LARGE");
            }
        }
        server.assertAlive();
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void aNegativeLengthClosesOnlyThatPeerWithNegativeFrameLength() throws Exception {
        for (int length : new int[] {-1, Integer.MIN_VALUE}) {
            try (RawPeer attacker = RawPeer.connect(server.port())) {
                attacker.send(Frames.header(length));
                Treatment.assertClosedWithReason(attacker, server, "NEGATIVE_FRAME_LENGTH");
            }
        }
        server.assertAlive();
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void aCrowdOfBadHeadersIsClosedWithBoundedLogLines() throws Exception {
        int peers = 500;
        long linesBefore = server.log().lineCount();
        try (PeerCrowd crowd = PeerCrowd.connectSpread(peers, server.port(), PeerCrowd.loopbackAddresses(90, 4),
                Duration.ofSeconds(30))) {
            assertEquals(peers, crowd.connected());
            crowd.sendToEach(Frames.header(Integer.MAX_VALUE));
            assertEquals(peers, crowd.awaitFates(Duration.ofSeconds(30)).ended(), "peers closed for their header");
        }
        // One line per bad header would let a crowd write the log: a few a second, then a count.
        long written = server.log().lineCount() - linesBefore;
        assertTrue(written <= peers / 4, peers + " bad headers wrote " + written + " log lines; tail:\n" + server.log().tail(10));
        server.assertAlive();
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void zeroLengthFramesAreEchoedAsZeroLengthFrames() throws Exception {
        // Fewer than the send quota's 16,384 frames per connection: a peer that pipelines more
        // without reading is closed for the quota (NeverReadingPeerTest), not this test's subject.
        int frames = 10_000;
        try (RawPeer peer = RawPeer.connect(server.port())) {
            peer.send(new byte[frames * Frames.HEADER_BYTES]);
            // 10,000 empty frames back, and nothing else: the next frame is the marker's echo.
            byte[] all = peer.readExactly(frames * Frames.HEADER_BYTES);
            assertArrayEquals(new byte[frames * Frames.HEADER_BYTES], all);
            peer.send(Frames.frame(new byte[] {7}));
            assertArrayEquals(new byte[] {7}, peer.readFrame());
        }
        server.assertAlive();
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void aFrameSentOneByteAtATimeIsEchoedWhole() throws Exception {
        byte[] payload = Frames.pattern(600, 11);
        try (RawPeer peer = RawPeer.connect(server.port())) {
            peer.sendByteAtATime(Frames.frame(payload));
            assertArrayEquals(payload, peer.readFrame());
            // And the next frame still decodes: the header split byte by byte left no state behind.
            peer.sendByteAtATime(Frames.frame(new byte[] {1, 2}));
            assertArrayEquals(new byte[] {1, 2}, peer.readFrame());
        }
        server.assertAlive();
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void manyFramesInOneWriteAreEchoedInOrder() throws Exception {
        int frames = 2_000;
        byte[][] payloads = new byte[frames][];
        for (int i = 0; i < frames; i++) {
            payloads[i] = Frames.pattern(i % 97 == 0 ? 5_000 : i % 13, i);
        }
        try (RawPeer peer = RawPeer.connect(server.port())) {
            peer.send(Frames.batch(payloads));
            for (int i = 0; i < frames; i++) {
                byte[] echoed = peer.readFrame();
                assertArrayEquals(payloads[i], echoed, "frame " + i);
            }
            ByteBuffer marker = ByteBuffer.allocate(4).putInt(frames);
            peer.send(Frames.frame(marker.array()));
            assertEquals(frames, ByteBuffer.wrap(peer.readFrame()).getInt());
        }
        server.assertAlive();
        WellBehaved.assertEchoes(server.port());
        server.assertStopsCleanlyOnSigterm();
    }
}

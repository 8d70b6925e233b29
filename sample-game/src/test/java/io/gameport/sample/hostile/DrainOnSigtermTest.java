package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.DisconnectNotice;
import io.gameport.protocol.messages.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM drains the room server as an orchestrator's rolling restart expects: the player it has is
 * told (a DisconnectNotice with the suggested reconnect delay), closed with Disconnect{SHUTTING_DOWN}
 * at the drain's deadline, and the process exits 0.
 */
@Timeout(120)
class DrainOnSigtermTest {

    private static final int PING = 1;
    private static final int PONG = 2;
    private static final int DISCONNECT = 4;
    private static final int DISCONNECT_NOTICE = 5;
    private static final int SESSION_RESUMABLE = 6;
    private static final int PAYLOAD_HEADER_BYTES = 6;

    @TempDir
    Path dir;
    private ServerProcess room;

    @AfterEach
    void kill() throws InterruptedException {
        if (room != null) {
            room.close();
        }
    }

    @Test
    void roomServerOnSigtermNoticesItsPlayerClosesItAtTheDeadlineAndExitsZero() throws Exception {
        room = ServerProcess.roomServer(dir).jvm("-Xmx256m").args("--workers", "1", "--drain-seconds", "2").start();
        try (RawPeer player = RawPeer.connect(room.port())) {
            // A round trip first: the server has the session before the drain starts.
            player.send(Frames.frame(ByteBuffer.allocate(PAYLOAD_HEADER_BYTES).putShort((short) PING).putInt(1).array()));
            // The room server's sessions are resumable by default: its first frame carries the resume token.
            assertEquals(SESSION_RESUMABLE, messageId(player.readFrameSkippingAcks()));
            assertEquals(PONG, messageId(player.readFrameSkippingAcks()));

            assertEquals(ServerProcess.DRAINED_EXIT_STATUS, room.stopWithSigterm(), "exit status after the drain");

            byte[] notice = player.readFrameSkippingAcks();
            assertEquals(DISCONNECT_NOTICE, messageId(notice));
            DisconnectNotice parsed = DisconnectNotice.parseFrom(body(notice));
            assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, parsed.getCode());
            assertEquals(2000, parsed.getClosesInMs());
            assertEquals(io.gameport.sample.DrainableServer.SUGGESTED_RECONNECT_DELAY.toMillis(), parsed.getReconnectAfterMs());

            byte[] disconnect = player.readFrameSkippingAcks();
            assertEquals(DISCONNECT, messageId(disconnect));
            assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, Disconnect.parseFrom(body(disconnect)).getCode());
        }
    }

    private static int messageId(byte[] payload) {
        return ByteBuffer.wrap(payload).getShort() & 0xFFFF;
    }

    private static byte[] body(byte[] payload) {
        return Arrays.copyOfRange(payload, PAYLOAD_HEADER_BYTES, payload.length);
    }
}

package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login server before authentication, the surface anyone on the internet reaches: frames that
 * do not decode, or decode to something that does not belong. The documented treatment: a few
 * malformed frames are answered, then the session is closed; whatever the attacker sends, the
 * server writes a bounded number of log lines (repeated lines are rate-limited), and the honest
 * client logs in.
 */
@Timeout(120)
class LoginServerMalformedFrameTest {

    /** Frames each attack sends: far more than the few malformed frames a session is allowed. */
    private static final int FRAMES = 2_000;
    /** Log lines one attack may cause: a few per kind per second, plus the summaries of what was suppressed. */
    private static final int MAX_LOG_LINES = 60;
    private static final int LOGIN_REQUEST_ID = 102;

    @TempDir
    Path dir;
    private ServerProcess login;

    @BeforeEach
    void start() throws Exception {
        login = ServerProcess.loginServer(dir, 7200).jvm("-Xmx256m").args("--workers", "2").start();
    }

    @AfterEach
    void kill() throws InterruptedException {
        login.close();
    }

    @Test
    void zeroLengthFramesCloseTheAttackerAndLogBoundedLines() throws Exception {
        assertAttackClosesAttackerWithBoundedLogs(new byte[0]);
    }

    @Test
    void unknownMessageIdsCloseTheAttackerAndLogBoundedLines() throws Exception {
        assertAttackClosesAttackerWithBoundedLogs(ProtoPeer.payload(60_000, 1, new byte[] {8, 1}));
    }

    @Test
    void truncatedProtobufClosesTheAttackerAndLogsBoundedLines() throws Exception {
        byte[] whole = ProtoPeer.payload(LoginRequest.newBuilder().setName("n".repeat(40)).setPassword("p".repeat(40)).build(), 1);
        assertAttackClosesAttackerWithBoundedLogs(Arrays.copyOf(whole, whole.length - 20));
    }

    @Test
    void deeplyNestedUnknownGroupsCloseTheAttackerAndLogBoundedLines() throws Exception {
        assertAttackClosesAttackerWithBoundedLogs(ProtoPeer.payload(LOGIN_REQUEST_ID, 1,
                ProtobufBytes.nestedUnknownGroups(1000, 5_000)));
    }

    @Test
    void requestIdsWhereNoneBelongAreAnsweredOrIgnoredAndLogBoundedLines() throws Exception {
        long linesBefore = login.log().lineCount();
        try (ProtoPeer attacker = new ProtoPeer(RawPeer.connect(login.port()))) {
            // A server-to-client message dressed as a request: no handler, so an error reply to that request id.
            attacker.send(LoginResponse.getDefaultInstance(), 1_000);
            Envelope error = attacker.next();
            assertEquals(1_000, error.requestId(), "the error answers the request id it was sent with");
            assertEquals(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, ((ErrorReply) error.message()).getCode());
            // A Pong is never a request: its request id is ignored, nothing answers it; the Ping after it is answered.
            attacker.send(Pong.getDefaultInstance(), 2_000);
            attacker.send(Ping.newBuilder().setNonce(7).build(), 3_000);
            Envelope pong = attacker.next();
            assertEquals(3_000, pong.requestId(), "the first answer after the Pong is the Ping's");
            assertEquals(7, ((Pong) pong.message()).getNonce());
            // The same, as a flood: answered, limited or closed, but never a log line each.
            for (int i = 0; i < FRAMES; i++) {
                attacker.send(LoginResponse.getDefaultInstance(), 10_000 + i);
                attacker.send(Pong.getDefaultInstance(), 20_000 + i);
            }
        }
        assertServedAndStops(linesBefore);
    }

    /** {@link #FRAMES} copies of {@code payload}: the attacker is closed, the log stays bounded, the honest client logs in. */
    private void assertAttackClosesAttackerWithBoundedLogs(byte[] payload) throws Exception {
        long linesBefore = login.log().lineCount();
        byte[] frame = Frames.frame(payload);
        int frames = framesWithinInboundBudget(frame.length);
        byte[] all = new byte[frame.length * frames];
        for (int i = 0; i < frames; i++) {
            System.arraycopy(frame, 0, all, i * frame.length, frame.length);
        }
        try (ProtoPeer attacker = new ProtoPeer(RawPeer.connect(login.port()))) {
            try {
                attacker.raw().send(all);
            } catch (IOException closedUnderTheAttack) {
                // Closed while still sending: the treatment checked next.
            }
            // Told why before the close: the last message is a Disconnect naming the protocol error.
            List<Message> said = attacker.drainUntilEnd(Treatment.ACT_BOUND);
            Message last = said.isEmpty() ? null : said.get(said.size() - 1);
            assertTrue(last instanceof Disconnect, () -> "the last message before the close is a Disconnect: " + last
                    + "; the login server's last lines:\n" + login.log().tail(20));
            assertEquals(ErrorCode.ERROR_CODE_PROTOCOL_ERROR, ((Disconnect) last).getCode());
            // The dispatcher's line for CloseReason.MALFORMED_FRAMES: "...; closing after 3 malformed frames".
            login.log().awaitLine("naming " + attacker.raw() + " closed after malformed frames",
                    attacker.raw().mentionedWith("closing after", "malformed frames"), Treatment.ACT_BOUND);
        }
        assertServedAndStops(linesBefore);
    }

    /**
     * {@link #FRAMES}, or fewer large frames: at most half the per-session budget of large frames
     * waiting for the shard. Past that budget another defence closes the flood at once, without a
     * {@code Disconnect}, and it won the race against the malformed-frame rule under test whenever
     * the shard was slow to parse the first frames (a cold JIT, a loaded machine).
     */
    private static int framesWithinInboundBudget(int frameBytes) {
        return (int) Math.min(FRAMES, DispatchSettings.DEFAULT_MAX_LARGE_FRAME_BYTES_PER_SESSION / 2 / frameBytes);
    }

    private void assertServedAndStops(long linesBefore) throws Exception {
        login.assertAlive();
        WellBehaved.assertLogsIn(login.port());
        long written = login.log().lineCount() - linesBefore;
        assertTrue(written <= MAX_LOG_LINES, "the attack wrote " + written + " log lines; tail:\n" + login.log().tail(10));
        login.assertStopsCleanlyOnSigterm();
    }
}

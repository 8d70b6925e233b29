package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login server before authentication under well-formed but hostile traffic: frames as large
 * as the limit allows, and login attempts pipelined by the thousand. The documented treatment:
 * each is answered (refused or RATE_LIMITED with a retry time), the log stays bounded, and the
 * honest client, from another address, logs in.
 */
@Timeout(120)
class LoginServerFloodTest {

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
    void aHugeRepeatedFieldInsideTheFrameLimitIsAnsweredAsAnyBadLogin() throws Exception {
        // Legal Protobuf (an unknown repeated field of 20,000 entries, which parsers keep), just
        // under the 64 KiB frame limit: its cost is bounded by the frame. One at a time, answered.
        byte[] payload = ProtoPeer.payload(LOGIN_REQUEST_ID, 1, ProtobufBytes.repeatedVarintField(9, 60_000));
        long linesBefore = login.log().lineCount();
        try (ProtoPeer attacker = new ProtoPeer(RawPeer.connect(login.port()))) {
            for (int i = 0; i < 3; i++) {
                attacker.raw().send(Frames.frame(payload));
                LoginResponse reply = attacker.await(LoginResponse.class);
                // Decoded (legal Protobuf, within the limit), so not MALFORMED; a login without a name, so not OK.
                assertNotEquals(LoginResult.LOGIN_RESULT_MALFORMED, reply.getResult(), "the frame decodes");
                assertNotEquals(LoginResult.LOGIN_RESULT_OK, reply.getResult(), "a login without a name");
            }
        }
        assertServedAndStops(linesBefore);
    }

    @Test
    void aPipelinedLoginFloodIsLimitedAndLogsBoundedLines() throws Exception {
        long linesBefore = login.log().lineCount();
        int limited = 0;
        try (ProtoPeer attacker = new ProtoPeer(RawPeer.connect(login.port()))) {
            LoginRequest guess = LoginRequest.newBuilder().setName("victim").setPassword("guess").build();
            for (int i = 0; i < FRAMES; i++) {
                attacker.request(guess);
            }
            // Every attempt is answered: refused by the login server's limit per address
            // (LOGIN_RESULT_RATE_LIMITED) or, past the session's frame rate, by Gameport's
            // ErrorReply{RATE_LIMITED}; anything else is counted as served.
            for (int i = 0; i < FRAMES; i++) {
                Message reply = attacker.next().message();
                if (reply instanceof LoginResponse
                        && ((LoginResponse) reply).getResult() == LoginResult.LOGIN_RESULT_RATE_LIMITED
                        || reply instanceof ErrorReply && ((ErrorReply) reply).getCode() == ErrorCode.ERROR_CODE_RATE_LIMITED) {
                    limited++;
                }
            }
        }
        // The burst allows 20 attempts from one address; everything after it waits for tokens.
        assertTrue(limited >= FRAMES - 100, "attempts answered RATE_LIMITED: " + limited + " of " + FRAMES);
        assertServedAndStops(linesBefore);
    }

    private void assertServedAndStops(long linesBefore) throws Exception {
        login.assertAlive();
        WellBehaved.assertLogsIn(login.port());
        long written = login.log().lineCount() - linesBefore;
        assertTrue(written <= MAX_LOG_LINES, "the attack wrote " + written + " log lines; tail:\n" + login.log().tail(10));
        login.assertStopsCleanlyOnSigterm();
    }
}

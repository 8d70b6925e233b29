package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.net.CloseReason;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.testing.StudioGame.MatchResult;
import io.gameport.protocol.testing.StudioGame.SignInRequest;
import io.gameport.protocol.testing.StudioGame.SignInResponse;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthDeadlineTest {

    @Test
    void aSessionNotMarkedAuthenticatedWithinTheDeadlineIsToldAndClosedWhileAnAuthenticatedOneStays() throws Exception {
        ConcurrentHashMap<Long, CloseReason> closes = new ConcurrentHashMap<>();
        SessionSettings settings = SessionSettings.defaults().withIdleTimeoutMs(0).withHeartbeatIntervalMs(0).withCheckPeriodMs(20)
                .withAuthDeadlineMs(500);
        try (ServerFixture fixture = new ServerFixture(on -> on
                .request(SignInRequest.class, (session, login) -> {
                    session.markAuthenticated();
                    return SignInResponse.newBuilder().setResult(MatchResult.MATCH_RESULT_OK).build();
                })
                .onClose((session, reason) -> closes.put(session.id(), reason)), ServerFixture.settings().withSessions(settings))) {
            FrameClient player = fixture.raw();
            player.write(SignInRequest.newBuilder().setName("alice").build(), 1);
            player.flush();
            assertInstanceOf(SignInResponse.class, player.read().message());
            Session authenticated = fixture.server.sessions().all().iterator().next();
            assertEquals(SessionState.AUTHENTICATED, authenticated.state());

            // Opened after the player, so its deadline passes after the player's: if marking did not
            // exempt the player, the player would be closed first.
            FrameClient lurker = fixture.raw();
            lurker.write(Ping.newBuilder().setNonce(1).build(), 2);
            lurker.flush();
            assertInstanceOf(Pong.class, lurker.read().message(), "traffic alone does not authenticate");
            Envelope notice = lurker.read();
            assertEquals(ErrorCode.ERROR_CODE_AUTH_TIMEOUT, assertInstanceOf(Disconnect.class, notice.message()).getCode());
            assertTrue(lurker.awaitClosedByServer());
            ServerFixture.await(() -> closes.containsValue(CloseReason.AUTH_TIMEOUT));
            assertEquals(1, fixture.server.sessions().closedCount(CloseReason.AUTH_TIMEOUT));
            assertEquals(1, fixture.server.idleMonitor().authTimeouts());

            player.write(Ping.newBuilder().setNonce(3).build(), 3);
            player.flush();
            assertEquals(3, player.read().requestId(), "the authenticated session is still served");
            assertTrue(authenticated.isOpen());
            assertEquals(1, closes.size());
        }
    }

    @Test
    void theDeadlineIsOffByDefaultAndValidated() {
        assertEquals(0, SessionSettings.defaults().authDeadlineMs());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SessionSettings.defaults().withAuthDeadlineMs(-1))
                .getMessage().contains("authDeadlineMs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SessionSettings.defaults().withDisconnectLingerMs(0))
                .getMessage().contains("disconnectLingerMs"));
    }
}

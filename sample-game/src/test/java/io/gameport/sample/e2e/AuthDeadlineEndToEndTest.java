package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gameport.protocol.ProtocolSettings;
import com.google.protobuf.ByteString;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import io.gameport.sample.ticket.TicketSigner;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Both sample servers close a connection that does not enter / log in within their deadline, and keep one that did. */
@Timeout(60)
class AuthDeadlineEndToEndTest {

    private static final byte[] SECRET = SampleGameEndToEndTest.SECRET;
    private static final long DEADLINE_MS = 2_000;

    @TempDir
    Path dir;

    @Test
    void theRoomServerClosesAConnectionThatNeverEntersAndKeepsOneThatDid() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults(), SECRET).withAuthDeadlineMs(DEADLINE_MS));
                TransportClient client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
                TestClient entered = new TestClient(client, rooms.port())) {
            assertEquals(RoomResult.ROOM_RESULT_OK, entered.request(EnterRequest.newBuilder().setTicket(ByteString.copyFrom(
                    new TicketSigner(SECRET, 60_000, Clock.systemUTC()).issue(1, "p1", 1))).build(), EnterResponse.class)
                    .getResult());
            try (TestClient silent = new TestClient(client, rooms.port())) {
                assertEquals(ErrorCode.ERROR_CODE_AUTH_TIMEOUT, silent.await(Disconnect.class).getCode());
                silent.awaitClosed();
            }
            // Connected before the silent one, so past its own deadline too: entering is what kept it.
            assertNull(entered.closed);
        }
    }

    @Test
    void theLoginServerClosesAConnectionThatNeverLogsInAndKeepsOneThatDid() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (LoginServer login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                1, 64, SECRET, 60_000, 1_000, 1_000, "127.0.0.1", 7200).withAuthDeadlineMs(DEADLINE_MS));
                TransportClient client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
                TestClient loggedIn = new TestClient(client, login.port())) {
            assertEquals(LoginResult.LOGIN_RESULT_OK, loggedIn.request(RegisterRequest.newBuilder().setName("early")
                    .setPassword("pw").build(), RegisterResponse.class).getResult());
            assertEquals(LoginResult.LOGIN_RESULT_OK, loggedIn.request(LoginRequest.newBuilder().setName("early")
                    .setPassword("pw").build(), LoginResponse.class).getResult());
            try (TestClient silent = new TestClient(client, login.port())) {
                assertEquals(ErrorCode.ERROR_CODE_AUTH_TIMEOUT, silent.await(Disconnect.class).getCode());
                silent.awaitClosed();
            }
            assertNull(loggedIn.closed);
        }
    }
}

package io.gameport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gameport.net.CloseReason;
import io.gameport.protocol.testing.StudioGame.LeaveMatch;
import io.gameport.testing.ServerFixture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GameClientCloseListenerTest {

    @Test
    void clientWithNoPendingRequestLearnsOnceThatTheServerClosedItsConnection() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> on.message(LeaveMatch.class,
                (session, leave) -> session.close(CloseReason.LOCAL_CLOSE)))) {
            BlockingQueue<GameClient> closed = new ArrayBlockingQueue<>(4);
            BlockingQueue<CloseReason> reasons = new ArrayBlockingQueue<>(4);
            GameClient client = fixture.client(on -> on.onClose((c, reason) -> {
                reasons.add(reason);
                closed.add(c);
            }));
            client.send(LeaveMatch.getDefaultInstance());
            assertSame(client, closed.poll(20, TimeUnit.SECONDS));
            assertNotNull(client.closeReason());
            assertEquals(client.closeReason(), reasons.poll());
            assertEquals(0, client.pendingRequests());
            client.close();
            assertEquals(null, closed.poll(200, TimeUnit.MILLISECONDS), "the listener runs once");
        }
    }
}

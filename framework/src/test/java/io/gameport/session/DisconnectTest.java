package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gameport.client.GameClient;
import io.gameport.net.CloseReason;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.testing.StudioGame.ChatBroadcast;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.protocol.testing.StudioGame.LeaveMatch;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A purposeful close tells the peer why with a Disconnect, after what was already queued for it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisconnectTest {

    @Test
    void aDisplacedClientGetsItsQueuedMessagesThenTheDisconnectItsCloseListenerReads() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> on.message(ChatLine.class, (session, chat) -> {
            for (int i = 0; i < 100; i++) {
                session.send(ChatBroadcast.newBuilder().setText("line " + i).build());
            }
            session.close(CloseReason.LOCAL_CLOSE, ErrorCode.ERROR_CODE_SESSION_REPLACED, "you entered from elsewhere");
        }))) {
            List<String> lines = new CopyOnWriteArrayList<>();
            BlockingQueue<Disconnect> seenByCloseListener = new ArrayBlockingQueue<>(2);
            GameClient client = fixture.client(on -> on
                    .on(ChatBroadcast.class, chat -> lines.add(chat.getText()))
                    .onClose((c, reason) -> seenByCloseListener.add(c.disconnect() == null
                            ? Disconnect.getDefaultInstance() : c.disconnect())));
            client.send(ChatLine.newBuilder().setText("hello").build());
            Disconnect notice = seenByCloseListener.poll(20, TimeUnit.SECONDS);
            assertNotNull(notice, "the close listener ran");
            assertEquals(ErrorCode.ERROR_CODE_SESSION_REPLACED, notice.getCode());
            assertEquals("you entered from elsewhere", notice.getReason());
            assertEquals(100, lines.size(), "everything queued before the close arrived first");
            assertEquals("line 99", lines.get(99));
            ServerFixture.await(() -> fixture.server.sessions().closedCount(CloseReason.LOCAL_CLOSE) == 1);
            assertEquals(1, fixture.server.sessions().closedCount(CloseReason.LOCAL_CLOSE));
        }
    }

    @Test
    void aStoppingServerTellsEveryClientItIsShuttingDown() throws Exception {
        ServerFixture fixture = new ServerFixture(on -> { });
        try {
            GameClient first = fixture.client();
            GameClient second = fixture.client();
            ServerFixture.await(() -> fixture.server.sessions().size() == 2);
            fixture.server.stop(Duration.ofSeconds(5));
            ServerFixture.await(() -> !first.isOpen() && !second.isOpen());
            for (GameClient client : List.of(first, second)) {
                assertNotNull(client.disconnect(), "Disconnect received before the close");
                assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, client.disconnect().getCode());
            }
        } finally {
            fixture.close();
        }
    }

    @Test
    void aPeerThatDoesNotReadCannotHoldAPurposefulCloseOpenPastTheLinger() throws Exception {
        ConcurrentHashMap<Long, CloseReason> closes = new ConcurrentHashMap<>();
        String text = "x".repeat(1_000);
        try (ServerFixture fixture = new ServerFixture(on -> on
                .message(LeaveMatch.class, (session, leave) -> {
                    // 10 MB, far more than the socket buffers hold (and under the 16,384-frame quota): most of it stays queued.
                    for (int i = 0; i < 10_000; i++) {
                        session.send(ChatBroadcast.newBuilder().setText(text).build());
                    }
                    session.close(CloseReason.LOCAL_CLOSE, ErrorCode.ERROR_CODE_SESSION_REPLACED, "bye");
                })
                .onClose((session, reason) -> closes.put(session.id(), reason)),
                ServerFixture.settings().withSessions(SessionSettings.defaults().withDisconnectLingerMs(300)))) {
            FrameClient sleeper = fixture.raw(4096);
            sleeper.write(LeaveMatch.getDefaultInstance(), 0);
            sleeper.flush();
            ServerFixture.await(() -> !closes.isEmpty());
            assertEquals(List.of(CloseReason.LOCAL_CLOSE), List.copyOf(closes.values()), "closed by the linger timer");
            ServerFixture.await(() -> fixture.server.sendQuota().globalPendingBytes() == 0);
            assertEquals(0, fixture.server.sendQuota().globalPendingBytes(), "the unsent frames' quota came back");
        }
    }
}

package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.server.GameServerSettings;
import com.google.inject.Module;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.net.CloseReason;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.MatchResult;
import io.gameport.protocol.testing.StudioGame.MoveInput;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ManualClock;
import io.gameport.testing.ServerFixture;
import io.gameport.time.NanoClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limits declared per message type where the handler is registered, on a clock the test drives. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MessageTypeLimitTest {

    private final ManualClock clock = new ManualClock();

    /** The session-wide limits are off: only the type limits under test apply. */
    private static final GameServerSettings ONE_SHARD = ServerFixture.settings()
            .withDispatch(DispatchSettings.defaults().withShards(1))
            .withHandlers(HandlerSettings.defaults().withMaxFramesPerSecond(0).withMaxBytesPerSecond(0));

    private Module manualClock() {
        return binder -> binder.bind(NanoClock.class).toInstance(clock);
    }

    @Test
    void messagesOverTheirTypeLimitAreDroppedAndCountedUntilTheBucketRefills() throws Exception {
        AtomicInteger chats = new AtomicInteger();
        try (ServerFixture fixture = new ServerFixture(on -> on
                .message(ChatLine.class, (session, chat) -> chats.incrementAndGet()).limit(5, Duration.ofSeconds(1)),
                ONE_SHARD, manualClock())) {
            FrameClient client = fixture.raw();
            for (int i = 0; i < 100; i++) {
                client.write(ChatLine.newBuilder().setText("spam " + i).build(), 0);
            }
            pingAndAwaitPong(client, 1);
            assertEquals(5, chats.get(), "a burst of the limit's size passes, the rest does not");
            LimitMetrics metrics = fixture.injector.getInstance(LimitMetrics.class);
            assertEquals(95, metrics.limited(LimitScope.MESSAGE_TYPE, OverLimit.DROP));

            clock.advanceNanos(TimeUnit.MILLISECONDS.toNanos(400));
            for (int i = 0; i < 10; i++) {
                client.write(ChatLine.newBuilder().setText("later " + i).build(), 0);
            }
            pingAndAwaitPong(client, 2);
            assertEquals(7, chats.get(), "400 ms refill two of five permits per second");
            assertEquals(103, metrics.limited(LimitScope.MESSAGE_TYPE, OverLimit.DROP));
        }
    }

    @Test
    void requestsOverTheirTypeLimitAreAnsweredRateLimitedWithTheirRequestIds() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> on
                .request(CreateMatchRequest.class, (session, create) ->
                        CreateMatchResponse.newBuilder().setResult(MatchResult.MATCH_RESULT_OK).build())
                .limit(2, Duration.ofSeconds(1)), ONE_SHARD, manualClock())) {
            FrameClient client = fixture.raw();
            for (int id = 1; id <= 5; id++) {
                client.write(CreateMatchRequest.newBuilder().setName("match").build(), id);
            }
            client.flush();
            for (int id = 1; id <= 5; id++) {
                Envelope answer = client.read();
                assertEquals(id, answer.requestId());
                if (id <= 2) {
                    assertInstanceOf(CreateMatchResponse.class, answer.message());
                } else {
                    ErrorReply error = assertInstanceOf(ErrorReply.class, answer.message());
                    assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, error.getCode());
                    assertEquals(fixture.injector.getInstance(io.gameport.protocol.MessageRegistry.class)
                            .forDescriptor(CreateMatchRequest.getDescriptor()).id(), error.getCauseMsgId());
                }
            }
            assertEquals(3, fixture.injector.getInstance(LimitMetrics.class)
                    .limited(LimitScope.MESSAGE_TYPE, OverLimit.REPLY_ERROR));
        }
    }

    @Test
    void aMessageOverALimitWhosePolicyIsCloseClosesItsSessionRateLimited() throws Exception {
        ConcurrentHashMap<Long, CloseReason> closes = new ConcurrentHashMap<>();
        AtomicInteger moves = new AtomicInteger();
        try (ServerFixture fixture = new ServerFixture(on -> on
                .message(MoveInput.class, (session, move) -> moves.incrementAndGet())
                .limit(3, Duration.ofSeconds(1), OverLimit.CLOSE)
                .onClose((session, reason) -> closes.put(session.id(), reason)), ONE_SHARD, manualClock())) {
            FrameClient client = fixture.raw();
            for (int i = 0; i < 10; i++) {
                client.write(MoveInput.newBuilder().setInputSequence(i).build(), 0);
            }
            client.flush();
            Disconnect notice = assertInstanceOf(Disconnect.class, client.read().message(), "the server says why first");
            assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, notice.getCode());
            assertTrue(client.awaitClosedByServer());
            ServerFixture.await(() -> !closes.isEmpty());
            assertEquals(List.of(CloseReason.RATE_LIMITED), List.copyOf(closes.values()));
            assertEquals(3, moves.get());
            assertTrue(fixture.injector.getInstance(LimitMetrics.class).limited(LimitScope.MESSAGE_TYPE, OverLimit.CLOSE) >= 1);
        }
    }

    @Test
    void aFloodingSessionIsLimitedWhileAnotherOnTheSameShardIsServedEveryMessageInOrder() throws Exception {
        ConcurrentHashMap<Long, List<Integer>> seen = new ConcurrentHashMap<>();
        try (ServerFixture fixture = new ServerFixture(on -> on
                .message(ChatLine.class, (session, chat) -> seen.computeIfAbsent(session.id(),
                        id -> new CopyOnWriteArrayList<>()).add(chat.getClientSequence()))
                .limit(1_000, Duration.ofSeconds(1)), ONE_SHARD, manualClock())) {
            FrameClient flooder = fixture.raw();
            FrameClient honest = fixture.raw();
            for (int i = 0; i < 20_000; i++) {
                flooder.write(ChatLine.newBuilder().setText("flood").setClientSequence(i).build(), 0);
                if (i % 40 == 0) {
                    honest.write(ChatLine.newBuilder().setText("hello").setClientSequence(i / 40).build(), 0);
                    honest.flush();
                }
            }
            pingAndAwaitPong(flooder, 1);
            pingAndAwaitPong(honest, 2);
            List<List<Integer>> perSession = List.copyOf(seen.values());
            assertEquals(2, perSession.size());
            List<Integer> honestSeen = perSession.stream().filter(list -> list.size() == 500).findFirst().orElseThrow();
            List<Integer> flooderSeen = perSession.stream().filter(list -> list != honestSeen).findFirst().orElseThrow();
            for (int i = 0; i < 500; i++) {
                assertEquals(i, honestSeen.get(i), "the honest session's chat arrives complete and in order");
            }
            assertEquals(1_000, flooderSeen.size(), "the flooder gets its burst and no more");
            assertEquals(19_000, fixture.injector.getInstance(LimitMetrics.class).limited(LimitScope.MESSAGE_TYPE, OverLimit.DROP));
        }
    }

    @Test
    void aLimitIsDeclaredOncePerTypeWithValidatedArguments() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new io.gameport.handler.RateLimit(0, Duration.ofSeconds(1), OverLimit.DROP));
        assertThrows(IllegalArgumentException.class, () -> new io.gameport.handler.RateLimit(1, Duration.ZERO, OverLimit.DROP));
        Exception twice = assertThrows(Exception.class, () -> new ServerFixture(on -> on
                .message(ChatLine.class, (session, chat) -> { })
                .limit(1, Duration.ofSeconds(1)).limit(2, Duration.ofSeconds(1))).close());
        assertTrue(String.valueOf(twice.getMessage()).contains("already has a limit")
                || String.valueOf(twice.getCause()).contains("already has a limit"), twice.toString());
    }

    private static void pingAndAwaitPong(FrameClient client, long nonce) throws Exception {
        client.write(Ping.newBuilder().setNonce(nonce).build(), 1_000_000 + (int) nonce);
        client.flush();
        while (true) {
            Envelope envelope = client.read();
            if (envelope.message() instanceof Pong pong && pong.getNonce() == nonce) {
                return;
            }
        }
    }
}

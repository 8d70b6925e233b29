package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.dispatch.DispatchSettings;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.LimitMetrics;
import io.gameport.handler.MessageHandlers;
import io.gameport.handler.LimitScope;
import io.gameport.handler.OverLimit;
import io.gameport.handler.UnhandledPolicy;
import io.gameport.net.CloseReason;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.MatchResult;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ManualClock;
import io.gameport.testing.ServerFixture;
import io.gameport.time.NanoClock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The buckets every session has (frames and bytes per second) and the cap on malformed frames, on a clock the test drives. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionLimitTest {

    private final ManualClock clock = new ManualClock();

    private ServerFixture start(MessageHandlers handlers, HandlerSettings handlerSettings) throws Exception {
        return new ServerFixture(handlers, ServerFixture.settings().withDispatch(DispatchSettings.defaults().withShards(1))
                .withHandlers(handlerSettings), binder -> binder.bind(NanoClock.class).toInstance(clock));
    }

    @Test
    void requestsOverTheFramesPerSecondLimitAreAnsweredRateLimitedAndMessagesDropped() throws Exception {
        List<String> chats = new CopyOnWriteArrayList<>();
        try (ServerFixture fixture = start(on -> on.message(ChatLine.class, (s, chat) -> chats.add(chat.getText())),
                HandlerSettings.defaults().withMaxFramesPerSecond(10))) {
            FrameClient client = fixture.raw();
            for (int i = 0; i < 5; i++) {
                client.write(ChatLine.newBuilder().setText("c" + i).build(), 0);
            }
            for (int id = 1; id <= 10; id++) {
                client.write(Ping.newBuilder().setNonce(id).build(), id);
            }
            client.write(ChatLine.newBuilder().setText("late").build(), 0);
            client.flush();
            for (int id = 1; id <= 10; id++) {
                Envelope answer = client.read();
                assertEquals(id, answer.requestId());
                if (id <= 5) {
                    assertInstanceOf(Pong.class, answer.message());
                } else {
                    assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, assertInstanceOf(ErrorReply.class, answer.message()).getCode());
                }
            }
            LimitMetrics metrics = fixture.injector.getInstance(LimitMetrics.class);
            ServerFixture.await(() -> metrics.limited(LimitScope.SESSION_FRAMES, OverLimit.REPLY_ERROR) == 6);
            assertEquals(6, metrics.limited(LimitScope.SESSION_FRAMES, OverLimit.REPLY_ERROR));
            assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), chats);

            clock.advanceNanos(TimeUnit.MILLISECONDS.toNanos(100));
            client.write(Ping.newBuilder().setNonce(99).build(), 99);
            client.flush();
            assertInstanceOf(Pong.class, client.read().message(), "100 ms refill one of ten frames per second");
        }
    }

    @Test
    void framesOverTheBytesPerSecondLimitAreDroppedWhenThePolicyIsDrop() throws Exception {
        List<String> chats = new CopyOnWriteArrayList<>();
        try (ServerFixture fixture = start(on -> on.message(ChatLine.class, (s, chat) -> chats.add(chat.getText())),
                HandlerSettings.defaults().withMaxBytesPerSecond(1_000).withOverLimit(OverLimit.DROP))) {
            FrameClient client = fixture.raw();
            String text = "x".repeat(300);
            for (int i = 0; i < 10; i++) {
                client.write(ChatLine.newBuilder().setText(text).setClientSequence(i).build(), 0);
            }
            client.write(Ping.newBuilder().setNonce(1).build(), 1);
            client.flush();
            Envelope answer = client.read();
            assertEquals(1, answer.requestId());
            assertInstanceOf(Pong.class, answer.message(), "a small frame still fits what the big ones left");
            assertEquals(3, chats.size(), "three frames of ~310 bytes fit a bucket of 1,000");
            assertEquals(7, fixture.injector.getInstance(LimitMetrics.class).limited(LimitScope.SESSION_BYTES, OverLimit.DROP));
        }
    }

    @Test
    void aSessionOverItsFrameLimitWithPolicyCloseIsClosedRateLimitedAndAnotherSessionIsServedInOrder() throws Exception {
        ConcurrentHashMap<Long, CloseReason> closes = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, List<Integer>> seen = new ConcurrentHashMap<>();
        try (ServerFixture fixture = start(on -> on
                .message(ChatLine.class, (s, chat) -> seen.computeIfAbsent(s.id(), id -> new CopyOnWriteArrayList<>())
                        .add(chat.getClientSequence()))
                .onClose((s, reason) -> closes.put(s.id(), reason)),
                HandlerSettings.defaults().withMaxFramesPerSecond(200).withOverLimit(OverLimit.CLOSE))) {
            FrameClient flooder = fixture.raw();
            FrameClient honest = fixture.raw();
            for (int i = 0; i < 5_000; i++) {
                flooder.write(ChatLine.newBuilder().setText("flood").setClientSequence(i).build(), 0);
                if (i % 50 == 0) {
                    honest.write(ChatLine.newBuilder().setText("hi").setClientSequence(i / 50).build(), 0);
                }
            }
            honest.write(Ping.newBuilder().setNonce(5).build(), 5);
            honest.flush();
            try {
                flooder.flush();
            } catch (java.io.IOException closedMeanwhile) {
                // the server may already have closed the flooder
            }
            assertInstanceOf(Pong.class, honest.read().message());
            assertTrue(flooder.awaitClosedByServer());
            ServerFixture.await(() -> closes.containsValue(CloseReason.RATE_LIMITED));
            assertEquals(List.of(CloseReason.RATE_LIMITED), List.copyOf(closes.values()));
            List<Integer> honestSeen = seen.values().stream().filter(list -> list.get(0) == 0 && list.size() == 100)
                    .findFirst().orElseThrow(() -> new AssertionError(seen.keySet() + " sizes " + seen.values().stream().map(List::size).toList()));
            for (int i = 0; i < 100; i++) {
                assertEquals(i, honestSeen.get(i));
            }
            assertEquals(2, seen.size());
            assertTrue(seen.values().stream().anyMatch(list -> list.size() == 200), "the flooder got its burst of 200");
        }
    }

    @Test
    void aLenientServerClosesASessionAfterItsMaximumOfMalformedFramesAndServesTheOthers() throws Exception {
        ConcurrentHashMap<Long, CloseReason> closes = new ConcurrentHashMap<>();
        HandlerSettings lenient = HandlerSettings.defaults().withCloseOnProtocolError(false).withMaxMalformedFrames(3)
                .withUnhandled(UnhandledPolicy.ERROR_REPLY);
        try (ServerFixture fixture = start(on -> on
                .request(CreateMatchRequest.class, (s, r) -> CreateMatchResponse.newBuilder().setResult(MatchResult.MATCH_RESULT_OK).build())
                .onClose((s, reason) -> closes.put(s.id(), reason)), lenient)) {
            FrameClient sloppy = fixture.raw();
            FrameClient hostile = fixture.raw();
            byte[] unknownId = {(byte) 0xFF, (byte) 0xF0, 0, 0, 0, 0};
            sloppy.writeFrame(unknownId, 0, unknownId.length);
            sloppy.writeFrame(unknownId, 0, unknownId.length);
            sloppy.write(CreateMatchRequest.newBuilder().setName("ok").build(), 7);
            sloppy.flush();
            assertEquals(7, sloppy.read().requestId(), "two malformed frames are tolerated");
            for (int i = 0; i < 1_000; i++) {
                hostile.writeFrame(unknownId, 0, unknownId.length);
            }
            hostile.flush();
            assertTrue(hostile.awaitClosedByServer());
            ServerFixture.await(() -> closes.containsValue(CloseReason.MALFORMED_FRAMES));
            assertEquals(List.of(CloseReason.MALFORMED_FRAMES), List.copyOf(closes.values()));
            assertEquals(1, fixture.injector.getInstance(LimitMetrics.class).malformedCloses());
            sloppy.write(CreateMatchRequest.newBuilder().setName("ok").build(), 8);
            sloppy.flush();
            assertEquals(8, sloppy.read().requestId());
        }
    }
}

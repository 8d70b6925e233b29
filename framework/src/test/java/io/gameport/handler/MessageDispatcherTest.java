package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.gameport.dispatch.DispatchMetrics;
import io.gameport.log.PeerLogs;
import io.gameport.net.CloseReason;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.ProtocolError;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.session.ScriptedSessions;
import io.gameport.session.Session;
import io.gameport.session.SessionSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MessageDispatcher} called as a shard calls it, on sessions over scripted connections
 * ({@link ScriptedSessions}); what it answers is read back as the peer reads it. The rate limits
 * run on a hand-driven clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageDispatcherTest {

    private final DispatchMetrics metrics = new DispatchMetrics();
    private final LimitMetrics limitMetrics = new LimitMetrics();
    private final AtomicInteger handled = new AtomicInteger();
    private long now = 1_000_000_000L;
    private ScriptedSessions net;

    @AfterEach
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    private MessageDispatcher dispatcher(HandlerSettings settings, MessageHandlers handlers) throws Exception {
        net = new ScriptedSessions(SessionSettings.defaults());
        HandlerRegistry registry = HandlerRegistry.build(net.registry, List.of(handlers));
        return new MessageDispatcher(net.codec, registry, settings, metrics, limitMetrics, () -> now, PeerLogs.defaults());
    }

    /** Pings are requests answered with a Pong carrying their nonce; Pongs are one-way and counted. */
    private MessageHandlers pingPong() {
        return on -> on
                .request(Ping.class, (session, ping) -> {
                    handled.incrementAndGet();
                    return Pong.newBuilder().setNonce(ping.getNonce()).build();
                })
                .message(Pong.class, (session, pong) -> handled.incrementAndGet());
    }

    private ByteBuffer payload(Message message, int requestId) {
        return net.codec.encode(message, requestId);
    }

    private static Ping ping(long nonce) {
        return Ping.newBuilder().setNonce(nonce).build();
    }

    private Session openSession(MessageDispatcher dispatcher) throws Exception {
        Session session = net.open();
        dispatcher.onOpen(session);
        return session;
    }

    @Test
    void aRequestIsAnsweredWithItsRequestIdAndAOneWayMessageIsNot() throws Exception {
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults(), pingPong());
        Session session = openSession(dispatcher);

        dispatcher.onFrame(session, payload(Pong.getDefaultInstance(), 0));
        dispatcher.onFrame(session, payload(ping(7), 41));

        Envelope answer = net.nextMessage(session);
        assertEquals(41, answer.requestId());
        assertEquals(Pong.newBuilder().setNonce(7).build(), answer.message());
        assertEquals(2, handled.get());
        assertTrue(net.nothingMoreSent(session), "the one-way message got no answer");
    }

    @Test
    void aHandlerThatThrowsIsCountedItsRequestGetsInternalErrorAndTheNextFrameIsHandled() throws Exception {
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults(), on -> on.request(Ping.class, (session, ping) -> {
            if (ping.getNonce() == 13) {
                throw new IllegalStateException("unlucky");
            }
            return Pong.newBuilder().setNonce(ping.getNonce()).build();
        }));
        Session session = openSession(dispatcher);

        dispatcher.onFrame(session, payload(ping(13), 1));
        dispatcher.onFrame(session, payload(ping(14), 2));

        Envelope failed = net.nextMessage(session);
        assertEquals(1, failed.requestId());
        ErrorReply error = assertInstanceOf(ErrorReply.class, failed.message());
        assertEquals(ErrorCode.ERROR_CODE_INTERNAL_ERROR, error.getCode());
        assertEquals(net.registry.idOf(ping(0)), error.getCauseMsgId());
        assertEquals(Pong.newBuilder().setNonce(14).build(), net.nextMessage(session).message());
        assertEquals(1, metrics.handlerErrors());
        assertTrue(session.isOpen(), "a handler's failure does not close the session");
    }

    @Test
    void anAsynchronousResponseGoesOutWhenItsStageCompletesAndAFailedStageIsAnInternalError() throws Exception {
        List<CompletableFuture<Pong>> stages = new ArrayList<>();
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults(), on -> on.requestAsync(Ping.class, (session, ping) -> {
            CompletableFuture<Pong> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage;
        }));
        Session session = openSession(dispatcher);

        dispatcher.onFrame(session, payload(ping(1), 10));
        dispatcher.onFrame(session, payload(ping(2), 11));
        assertTrue(net.nothingMoreSent(session), "nothing before the stage completes");
        stages.get(1).complete(Pong.newBuilder().setNonce(2).build());
        Envelope second = net.nextMessage(session);
        assertEquals(11, second.requestId(), "the response carries its own request's id");
        stages.get(0).completeExceptionally(new IllegalStateException("the database went away"));
        Envelope first = net.nextMessage(session);
        assertEquals(10, first.requestId());
        assertEquals(ErrorCode.ERROR_CODE_INTERNAL_ERROR, ((ErrorReply) first.message()).getCode());
        assertEquals(1, metrics.handlerErrors());
    }

    @Test
    void anUnhandledTypeIsCountedAndAnsweredWithUnknownMessage() throws Exception {
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults(), on -> on.message(Pong.class, (session, pong) -> { }));
        Session session = openSession(dispatcher);

        dispatcher.onFrame(session, payload(ping(1), 8));

        Envelope answer = net.nextMessage(session);
        assertEquals(8, answer.requestId());
        ErrorReply error = assertInstanceOf(ErrorReply.class, answer.message());
        assertEquals(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, error.getCode());
        assertEquals(net.registry.idOf(ping(0)), error.getCauseMsgId());
        assertEquals(1, metrics.unhandledMessages());
        assertTrue(session.isOpen());
    }

    @Test
    void anUnhandledTypeClosesTheSessionWhenThePolicySaysSo() throws Exception {
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults().withUnhandled(UnhandledPolicy.CLOSE),
                on -> on.message(Pong.class, (session, pong) -> { }));
        Session session = openSession(dispatcher);

        dispatcher.onFrame(session, payload(ping(1), 8));

        Disconnect disconnect = assertInstanceOf(Disconnect.class, net.nextMessage(session).message());
        assertEquals(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, disconnect.getCode());
        assertEquals(CloseReason.PROTOCOL_ERROR, net.awaitClosed(session));
        assertEquals(1, metrics.unhandledMessages());
    }

    @Test
    void aFrameThatDoesNotDecodeIsHeardByTheListenersThenClosesTheSession() throws Exception {
        List<ProtocolError> heard = new ArrayList<>();
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults(), on -> on
                .message(Pong.class, (session, pong) -> { })
                .onProtocolError((session, error) -> {
                    throw new IllegalStateException("a failing listener must not stop the next");
                })
                .onProtocolError((session, error) -> heard.add(error.error())));
        Session session = openSession(dispatcher);

        dispatcher.onFrame(session, ByteBuffer.wrap(new byte[] {0, 1}));

        assertEquals(List.of(ProtocolError.TRUNCATED_HEADER), heard);
        assertEquals(1, metrics.protocolErrors(ProtocolError.TRUNCATED_HEADER));
        assertEquals(1, metrics.handlerErrors(), "the failing listener is counted");
        Disconnect disconnect = assertInstanceOf(Disconnect.class, net.nextMessage(session).message());
        assertEquals(ErrorCode.ERROR_CODE_PROTOCOL_ERROR, disconnect.getCode());
        assertEquals(CloseReason.PROTOCOL_ERROR, net.awaitClosed(session));
    }

    @Test
    void aLenientServerClosesASessionOnlyAtItsMalformedFrameCap() throws Exception {
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults().withCloseOnProtocolError(false).withMaxMalformedFrames(3),
                pingPong());
        Session session = openSession(dispatcher);

        for (int i = 0; i < 2; i++) {
            dispatcher.onFrame(session, ByteBuffer.wrap(new byte[] {0, 1}));
        }
        dispatcher.onFrame(session, payload(ping(5), 3));
        assertEquals(Pong.newBuilder().setNonce(5).build(), net.nextMessage(session).message(), "still served after two");
        assertTrue(session.isOpen());
        dispatcher.onFrame(session, ByteBuffer.wrap(new byte[] {0, 1}));

        assertInstanceOf(Disconnect.class, net.nextMessage(session).message());
        assertEquals(CloseReason.MALFORMED_FRAMES, net.awaitClosed(session));
        assertEquals(1, limitMetrics.malformedCloses());
        dispatcher.onFrame(session, payload(ping(6), 4));
        assertEquals(1, handled.get(), "nothing is handled once the session is closing");
    }

    @Test
    void framesOverTheSessionsRateAreAnsweredRateLimitedUntilTheBucketRefills() throws Exception {
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults().withMaxFramesPerSecond(3), pingPong());
        Session session = openSession(dispatcher);

        for (int i = 1; i <= 4; i++) {
            dispatcher.onFrame(session, payload(ping(i), i));
        }
        for (int i = 1; i <= 3; i++) {
            assertEquals(Pong.newBuilder().setNonce(i).build(), net.nextMessage(session).message());
        }
        Envelope limited = net.nextMessage(session);
        assertEquals(4, limited.requestId(), "the request over the limit is answered with its id");
        assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, ((ErrorReply) limited.message()).getCode());
        assertEquals(3, handled.get(), "the frame over the limit was never handled");
        assertEquals(1, limitMetrics.limited(LimitScope.SESSION_FRAMES, OverLimit.REPLY_ERROR));

        now += Duration.ofSeconds(1).toNanos();
        dispatcher.onFrame(session, payload(ping(5), 5));
        assertEquals(Pong.newBuilder().setNonce(5).build(), net.nextMessage(session).message(), "a second later the bucket is full");
    }

    @Test
    void aTypeOverItsDeclaredLimitWithPolicyCloseClosesTheSessionRateLimited() throws Exception {
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults(), on -> on
                .message(Pong.class, (session, pong) -> handled.incrementAndGet()).limit(2, Duration.ofSeconds(1), OverLimit.CLOSE)
                .request(Ping.class, (session, ping) -> Pong.getDefaultInstance()));
        Session session = openSession(dispatcher);

        for (int i = 0; i < 3; i++) {
            dispatcher.onFrame(session, payload(Pong.getDefaultInstance(), 0));
        }

        assertEquals(2, handled.get());
        Disconnect disconnect = assertInstanceOf(Disconnect.class, net.nextMessage(session).message());
        assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, disconnect.getCode());
        assertEquals(CloseReason.RATE_LIMITED, net.awaitClosed(session));
        assertEquals(1, limitMetrics.limited(LimitScope.MESSAGE_TYPE, OverLimit.CLOSE));
    }

    @Test
    void openAndCloseListenersAreCalledAndOneThatThrowsDoesNotStopTheOthers() throws Exception {
        List<String> calls = new ArrayList<>();
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults(), on -> on
                .message(Pong.class, (session, pong) -> { })
                .onOpen(session -> {
                    throw new IllegalStateException("broken open listener");
                })
                .onOpen(session -> calls.add("open " + session.id()))
                .onClose((session, reason) -> {
                    throw new IllegalStateException("broken close listener");
                })
                .onClose((session, reason) -> calls.add("close " + session.id() + " " + reason)));
        Session session = openSession(dispatcher);
        dispatcher.onClose(session, CloseReason.PEER_CLOSED);

        assertEquals(List.of("open " + session.id(), "close " + session.id() + " PEER_CLOSED"), calls);
        assertEquals(2, metrics.handlerErrors());
    }
}

package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.gameport.net.CloseReason;
import io.gameport.protocol.MessageRegistry;
import io.gameport.protocol.ProtocolFiles;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link HandlerRegistry}: how handler groups become the id-indexed table the dispatcher reads. */
class HandlerRegistryTest {

    private static final MessageRegistry MESSAGES = MessageRegistry.builder().addFiles(ProtocolFiles.framework()).build();
    private static final int PING = MESSAGES.idOf(Ping.getDefaultInstance());
    private static final int PONG = MESSAGES.idOf(Pong.getDefaultInstance());

    private static HandlerRegistry build(MessageHandlers... groups) {
        return HandlerRegistry.build(MESSAGES, List.of(groups));
    }

    /** Named groups, so that start-up errors can be checked to name them. */
    static final class PingGroup implements MessageHandlers {
        @Override
        public void register(HandlerRegistry.Builder on) {
            on.request(Ping.class, (session, ping) -> Pong.newBuilder().setNonce(ping.getNonce()).build());
        }
    }

    static final class OtherPingGroup implements MessageHandlers {
        @Override
        public void register(HandlerRegistry.Builder on) {
            on.message(Ping.class, (session, ping) -> { });
        }
    }

    static final class UnregisteredTypeGroup implements MessageHandlers {
        @Override
        public void register(HandlerRegistry.Builder on) {
            on.message(StringValue.class, (session, value) -> { });
        }
    }

    @Test
    void handlersAreFoundByTheMessageIdOfTheirTypeAndNothingElseIs() throws Exception {
        List<Pong> seen = new ArrayList<>();
        HandlerRegistry registry = build(new PingGroup(), on -> on.message(Pong.class, (session, pong) -> seen.add(pong)));

        assertNotNull(registry.forId(PING));
        assertNotNull(registry.forId(PONG));
        assertEquals(Math.max(PING, PONG), registry.maxId());
        assertNull(registry.forId(MESSAGES.idOf(io.gameport.protocol.messages.Disconnect.getDefaultInstance())),
                "a registered type nobody handles");
        assertNull(registry.forId(-1));
        assertNull(registry.forId(registry.maxId() + 1));

        Object response = registry.forId(PING).invoke(null, Ping.newBuilder().setNonce(9).build(), 5);
        assertEquals(Pong.newBuilder().setNonce(9).build(), response, "a request handler's result is the response");
        Pong pong = Pong.newBuilder().setNonce(3).build();
        assertNull(registry.forId(PONG).invoke(null, pong, 0), "a one-way handler has no response");
        assertEquals(List.of(pong), seen);
    }

    @Test
    void asynchronousAndDeferredRequestsGetTheirStageAndTheRequestId() throws Exception {
        CompletableFuture<Pong> stage = new CompletableFuture<>();
        int[] deferredId = {-1};
        HandlerRegistry registry = build(on -> on
                .requestAsync(Ping.class, (session, ping) -> stage)
                .requestDeferred(Pong.class, (session, pong, requestId) -> deferredId[0] = requestId));

        assertSame(stage, registry.forId(PING).invoke(null, Ping.getDefaultInstance(), 1));
        assertNull(registry.forId(PONG).invoke(null, Pong.getDefaultInstance(), 42));
        assertEquals(42, deferredId[0], "a deferred handler is given the request id to answer later");
        assertTrue(registry.forId(PING).isRequest() && registry.forId(PONG).isRequest());

        HandlerRegistry noStage = build(on -> on.requestAsync(Ping.class, (session, ping) -> null));
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> noStage.forId(PING).invoke(null, Ping.getDefaultInstance(), 1));
        assertTrue(e.getMessage().contains("returned no stage"), e.getMessage());
    }

    @Test
    void aTypeHandledTwiceFailsStartUpNamingBothGroups() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> build(new PingGroup(), new OtherPingGroup()));
        assertTrue(e.getMessage().contains("gameport.Ping (id " + PING + ") has two handlers"), e.getMessage());
        assertTrue(e.getMessage().contains(PingGroup.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(OtherPingGroup.class.getName()), e.getMessage());
    }

    @Test
    void aHandledTypeMissingFromTheMessageRegistryFailsStartUpNamingItAndItsGroup() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> build(new UnregisteredTypeGroup()));
        assertTrue(e.getMessage().contains(StringValue.class.getName() + " (handled by " + UnregisteredTypeGroup.class.getName()
                + ") is not in the message registry"), e.getMessage());
    }

    @Test
    void declaredLimitsGetOneBucketEachAndTheDefaultPolicyOfTheirKind() throws Exception {
        HandlerRegistry registry = build(on -> on
                .request(Ping.class, (session, ping) -> null).limit(5, Duration.ofSeconds(1))
                .message(Pong.class, (session, pong) -> { }).limit(2, Duration.ofMillis(500)));

        assertEquals(2, registry.limitedTypes());
        HandlerRegistry.Binding ping = registry.forId(PING);
        HandlerRegistry.Binding pong = registry.forId(PONG);
        assertEquals(new RateLimit(5, Duration.ofSeconds(1), OverLimit.REPLY_ERROR), ping.limit, "a request is answered");
        assertEquals(new RateLimit(2, Duration.ofMillis(500), OverLimit.DROP), pong.limit, "a one-way message is dropped");
        assertEquals(List.of(0, 1), List.of(Math.min(ping.limitSlot, pong.limitSlot), Math.max(ping.limitSlot, pong.limitSlot)),
                "one bucket slot each");
        assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, ping.overLimitReply.getCode());
        assertEquals(PING, ping.overLimitReply.getCauseMsgId());
        assertTrue(ping.overLimitReply.getReason().contains("at most 5 Ping per PT1S"), ping.overLimitReply.getReason());
    }

    @Test
    void anUnlimitedTypeHasNoBucketAndASecondLimitOnATypeIsRefused() {
        HandlerRegistry registry = build(new PingGroup());
        assertEquals(0, registry.limitedTypes());
        assertEquals(-1, registry.forId(PING).limitSlot);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> build(on -> on
                .message(Pong.class, (session, pong) -> { }).limit(1, Duration.ofSeconds(1)).limit(2, Duration.ofSeconds(1))));
        assertTrue(e.getMessage().contains("already has a limit"), e.getMessage());
    }

    @Test
    void listenersAreKeptInTheOrderTheyWereRegistered() {
        Consumer<Session> open1 = session -> { };
        Consumer<Session> open2 = session -> { };
        BiConsumer<Session, CloseReason> close1 = (session, reason) -> { };
        BiConsumer<Session, io.gameport.protocol.ProtocolException> error1 = (session, error) -> { };
        HandlerRegistry registry = build(on -> on.onOpen(open1).onClose(close1),
                on -> on.message(Pong.class, (session, pong) -> { }).onOpen(open2).onProtocolError(error1));

        assertEquals(List.of(open1, open2), registry.openListeners());
        assertEquals(List.of(close1), registry.closeListeners());
        assertEquals(List.of(error1), registry.protocolErrorListeners());
        assertThrows(UnsupportedOperationException.class, () -> registry.openListeners().add(open1), "frozen after start-up");
    }
}

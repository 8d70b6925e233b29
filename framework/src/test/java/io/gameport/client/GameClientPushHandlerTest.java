package io.gameport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.protocol.ProtocolError;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.testing.ArenaOuterClass;
import io.gameport.protocol.testing.StudioGame;
import io.gameport.protocol.testing.StudioGame.ChatBroadcast;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.PlayerJoined;
import io.gameport.protocol.testing.StudioGame.TickState;
import io.gameport.testing.ServerFixture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GameClient hands each push to the handler of its type, and says what else happened: Disconnect, errors, a lost connection. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GameClientPushHandlerTest {

    /** On a ChatLine, the server pushes a tick, a chat line and a player joining, in that order. */
    private static ServerFixture threePushes() throws Exception {
        return new ServerFixture(on -> on.message(ChatLine.class, (session, chat) -> {
            session.send(TickState.newBuilder().setTick(7).build());
            session.send(ChatBroadcast.newBuilder().setText(chat.getText()).build());
            session.send(PlayerJoined.newBuilder().setPlayerId(3).build());
        }));
    }

    @Test
    void eachPushReachesTheHandlerOfItsTypeAndATypeWithoutOneIsCountedAndHandedToOnUnhandled() throws Exception {
        try (ServerFixture fixture = threePushes()) {
            List<Long> ticks = new CopyOnWriteArrayList<>();
            List<String> lines = new CopyOnWriteArrayList<>();
            BlockingQueue<Message> unhandled = new ArrayBlockingQueue<>(4);
            GameClient client = fixture.client(on -> on
                    .on(TickState.class, tick -> ticks.add(tick.getTick()))
                    .on(ChatBroadcast.class, chat -> lines.add(chat.getText()))
                    .onUnhandled(unhandled::add));
            client.send(ChatLine.newBuilder().setText("hi").build());
            Message other = unhandled.poll(20, TimeUnit.SECONDS);
            assertInstanceOf(PlayerJoined.class, other, "the type without a handler went to onUnhandled");
            assertEquals(List.of(7L), ticks);
            assertEquals(List.of("hi"), lines);
            assertEquals(1, client.unhandledPushes());
            assertEquals(0, client.handlerFailures());
        }
    }

    @Test
    void aPushWithoutHandlerOrListenerIsCountedAndTheNextPushesAreStillHandled() throws Exception {
        try (ServerFixture fixture = threePushes()) {
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(4);
            GameClient client = fixture.client(on -> on.on(ChatBroadcast.class, chat -> lines.add(chat.getText())));
            client.send(ChatLine.newBuilder().setText("one").build());
            client.send(ChatLine.newBuilder().setText("two").build());
            assertEquals("one", lines.poll(20, TimeUnit.SECONDS));
            assertEquals("two", lines.poll(20, TimeUnit.SECONDS));
            // The PlayerJoined after "two" is the last frame: once it is counted, all four unhandled were.
            ServerFixture.await(() -> client.unhandledPushes() == 4);
            assertEquals(4, client.unhandledPushes(), "two ticks and two joins had no handler");
            assertTrue(client.isOpen());
        }
    }

    @Test
    void aHandlerThatThrowsIsCountedAndReportedAndTheNextPushIsHandled() throws Exception {
        try (ServerFixture fixture = threePushes()) {
            BlockingQueue<Exception> errors = new ArrayBlockingQueue<>(4);
            BlockingQueue<PlayerJoined> joined = new ArrayBlockingQueue<>(4);
            IllegalStateException thrown = new IllegalStateException("handler failed on purpose");
            GameClient client = fixture.client(on -> on
                    .on(TickState.class, tick -> {
                        throw thrown;
                    })
                    .on(PlayerJoined.class, joined::add)
                    .onUnhandled(message -> { })
                    .onError(errors::add));
            client.send(ChatLine.newBuilder().setText("hi").build());
            assertNotNull(joined.poll(20, TimeUnit.SECONDS), "the push after the failed one was handled");
            assertSame(thrown, errors.poll());
            assertEquals(1, client.handlerFailures());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void aFrameThatDoesNotDecodeIsReportedAndClosesTheConnection() throws Exception {
        // Message id 9999 (0x270F) is registered nowhere.
        byte[] unknownType = {0x27, 0x0F, 0, 0, 0, 0};
        try (ServerFixture fixture = new ServerFixture(on -> on.message(ChatLine.class,
                (session, chat) -> session.sendEncoded(ByteBuffer.wrap(unknownType))))) {
            BlockingQueue<Exception> errors = new ArrayBlockingQueue<>(4);
            BlockingQueue<CloseReason> closes = new ArrayBlockingQueue<>(4);
            GameClient client = fixture.client(on -> on.onError(errors::add).onClose((c, reason) -> closes.add(reason)));
            client.send(ChatLine.newBuilder().setText("hi").build());
            assertEquals(CloseReason.PROTOCOL_ERROR, closes.poll(20, TimeUnit.SECONDS));
            ProtocolException error = assertInstanceOf(ProtocolException.class, errors.poll());
            assertEquals(ProtocolError.UNKNOWN_MESSAGE_ID, error.error());
            assertEquals(1, client.protocolErrors());
        }
    }

    @Test
    void aDisconnectReachesItsHandlerAndIsKeptForTheCloseListener() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> on.message(ChatLine.class, (session, chat) ->
                session.close(CloseReason.LOCAL_CLOSE, ErrorCode.ERROR_CODE_SESSION_REPLACED, "entered elsewhere")))) {
            BlockingQueue<Disconnect> handled = new ArrayBlockingQueue<>(4);
            BlockingQueue<Disconnect> keptAtClose = new ArrayBlockingQueue<>(4);
            GameClient client = fixture.client(on -> on
                    .on(Disconnect.class, handled::add)
                    .onClose((c, reason) -> keptAtClose.add(c.disconnect() == null ? Disconnect.getDefaultInstance() : c.disconnect())));
            client.send(ChatLine.newBuilder().setText("hi").build());
            Disconnect atClose = keptAtClose.poll(20, TimeUnit.SECONDS);
            assertNotNull(atClose, "the close listener ran");
            assertEquals(ErrorCode.ERROR_CODE_SESSION_REPLACED, atClose.getCode());
            Disconnect notice = handled.poll();
            assertNotNull(notice, "the Disconnect handler ran before the close listener");
            assertEquals("entered elsewhere", notice.getReason());
            assertSame(notice, client.disconnect());
            assertEquals(0, client.unhandledPushes(), "a Disconnect is the client's own: never unhandled");
        }
    }

    @Test
    void aLostConnectionFailsThePendingRequestAndRunsTheCloseListenerWithoutADisconnect() throws Exception {
        // The server drops the connection, without a word, instead of answering.
        try (ServerFixture fixture = new ServerFixture(on -> on.requestAsync(CreateMatchRequest.class, (session, request) -> {
            session.close(CloseReason.LOCAL_CLOSE);
            return new CompletableFuture<CreateMatchResponse>();
        }))) {
            BlockingQueue<CloseReason> closes = new ArrayBlockingQueue<>(4);
            GameClient client = fixture.client(on -> on.onClose((c, reason) -> closes.add(reason)));
            CompletableFuture<CreateMatchResponse> pending = client.request(CreateMatchRequest.getDefaultInstance(),
                    CreateMatchResponse.class, Duration.ofSeconds(30));
            CloseReason reason = closes.poll(20, TimeUnit.SECONDS);
            assertNotNull(reason, "the close listener ran");
            assertEquals(reason, client.closeReason());
            ExecutionException failure = assertThrows(ExecutionException.class, () -> pending.get(20, TimeUnit.SECONDS));
            assertInstanceOf(ConnectionLostException.class, failure.getCause());
            assertNull(client.disconnect(), "the server said nothing");
            assertFalse(client.isOpen());
        }
    }

    @Test
    void aClientWithItsOwnTransportStopsItsIoThreadWhenClosedFromAHandler() throws Exception {
        try (ServerFixture fixture = threePushes()) {
            AtomicReference<Thread> ioThread = new AtomicReference<>();
            AtomicReference<GameClient> self = new AtomicReference<>();
            BlockingQueue<CloseReason> closes = new ArrayBlockingQueue<>(4);
            GameClient client = GameClient.builder()
                    .address(fixture.server.localAddress())
                    .protocol(StudioGame.getDescriptor())
                    .on(TickState.class, tick -> {
                        ioThread.set(Thread.currentThread());
                        self.get().close();
                    })
                    .onUnhandled(message -> { })
                    .onClose((c, reason) -> closes.add(reason))
                    .connect().get(10, TimeUnit.SECONDS);
            self.set(client);
            client.send(ChatLine.newBuilder().setText("hi").build());
            assertEquals(CloseReason.LOCAL_CLOSE, closes.poll(20, TimeUnit.SECONDS));
            ioThread.get().join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(ioThread.get().isAlive(), "the client's own I/O thread stopped");
        }
    }

    @Test
    void aClientWithItsOwnTransportStopsItsIoThreadWhenClosed() throws Exception {
        try (ServerFixture fixture = threePushes()) {
            BlockingQueue<Thread> ioThread = new ArrayBlockingQueue<>(4);
            GameClient client = GameClient.builder()
                    .address(fixture.server.localAddress())
                    .protocol(StudioGame.getDescriptor())
                    .on(TickState.class, tick -> ioThread.add(Thread.currentThread()))
                    .onUnhandled(message -> { })
                    .connect().get(10, TimeUnit.SECONDS);
            client.send(ChatLine.newBuilder().setText("hi").build());
            Thread thread = ioThread.poll(20, TimeUnit.SECONDS);
            assertNotNull(thread, "a tick arrived");
            client.close();
            thread.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(thread.isAlive(), "the client's own I/O thread stopped");
        }
    }

    @Test
    void aHandlerForATypeOutsideTheProtocolOrASecondHandlerForATypeIsRefusedNamingTheType() {
        GameClient.Builder arenaOnly = GameClient.builder().address("127.0.0.1", 1).protocol(ArenaOuterClass.getDescriptor())
                .on(PlayerJoined.class, joined -> { });
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, arenaOnly::connect);
        assertTrue(outside.getMessage().contains(PlayerJoined.class.getName()), outside.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> GameClient.builder().on(TickState.class, tick -> { }).on(TickState.class, tick -> { }));
        assertTrue(twice.getMessage().contains(TickState.class.getName()), twice.getMessage());
        IllegalStateException noAddress = assertThrows(IllegalStateException.class, () -> GameClient.builder().connect());
        assertTrue(noAddress.getMessage().startsWith("address"), noAddress.getMessage());
    }
}

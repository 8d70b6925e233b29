package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import io.gameport.client.GameClient;
import io.gameport.handler.MessageHandlers;
import io.gameport.net.SendQuotaSettings;
import io.gameport.net.SendQuotaPolicy;
import io.gameport.net.SendResult;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.FrameCodec;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.ProtocolError;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.testing.StudioGame;
import io.gameport.protocol.testing.StudioGame.ChatBroadcast;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.session.BroadcastResult;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuiceOverrideTest {

    private static AbstractModule codec(FrameCodec<Envelope> codec) {
        return new AbstractModule() {
            @Provides
            @Singleton
            FrameCodec<Envelope> frameCodec() {
                return codec;
            }
        };
    }

    @Test
    void broadcastThroughAnOverriddenCodecEncodesOnceForEveryRecipient() throws Exception {
        CountingCodec counting = new CountingCodec();
        AtomicReference<BroadcastResult> result = new AtomicReference<>();
        AtomicReference<GameServer> server = new AtomicReference<>();
        MessageHandlers chat = on -> on.message(ChatLine.class, (session, message) -> result.set(
                server.get().sessions().broadcastAll(ChatBroadcast.newBuilder().setText(message.getText()).build())));
        try (ServerFixture fixture = new ServerFixture(chat, codec(counting))) {
            server.set(fixture.server);
            int recipients = 6;
            List<CopyOnWriteArrayList<ChatBroadcast>> received = new ArrayList<>();
            List<GameClient> clients = new ArrayList<>();
            for (int i = 0; i < recipients; i++) {
                CopyOnWriteArrayList<ChatBroadcast> inbox = new CopyOnWriteArrayList<>();
                received.add(inbox);
                clients.add(fixture.client(on -> on.on(ChatBroadcast.class, inbox::add)));
            }
            ServerFixture.await(() -> fixture.server.sessions().size() == recipients);
            clients.get(0).send(ChatLine.newBuilder().setText("hello match").build());
            ServerFixture.await(() -> received.stream().allMatch(inbox -> inbox.size() == 1));
            for (List<ChatBroadcast> inbox : received) {
                assertEquals(1, inbox.size());
                assertEquals("hello match", inbox.get(0).getText());
            }
            assertEquals(recipients, result.get().queued());
            assertEquals(1, counting.encodes("ChatBroadcast"), "one encoding shared by every send");
            assertTrue(counting.decodes.get() >= 1, "inbound frames went through the overridden codec");
        }
    }

    @Test
    void overriddenCodecDecidesWhatTheServerAccepts() throws Exception {
        // A codec that refuses CreateMatchRequest: the pipeline treats it as a protocol error.
        FrameCodec<Envelope> strict = new FrameCodec<>() {
            @Override
            public Envelope decode(ByteBuffer payload) throws ProtocolException {
                Envelope envelope = ServerFixture.CODEC.decode(payload);
                if (envelope.message() instanceof CreateMatchRequest) {
                    throw new ProtocolException(ProtocolError.UNKNOWN_MESSAGE_ID, "matches are closed");
                }
                return envelope;
            }

            @Override
            public int encodedLength(Envelope message) {
                return ServerFixture.CODEC.encodedLength(message);
            }

            @Override
            public void encode(Envelope message, ByteBuffer dst) {
                ServerFixture.CODEC.encode(message, dst);
            }
        };
        MessageHandlers matches = on -> on.request(CreateMatchRequest.class, (s, r) -> CreateMatchResponse.getDefaultInstance());
        try (ServerFixture fixture = new ServerFixture(matches, codec(strict))) {
            FrameClient client = fixture.raw();
            client.write(Ping.newBuilder().setNonce(1).build(), 1);
            client.flush();
            assertInstanceOf(Pong.class, client.read().message());
            client.write(CreateMatchRequest.getDefaultInstance(), 2);
            client.flush();
            assertTrue(client.awaitClosedByServer());
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.UNKNOWN_MESSAGE_ID));
        }
    }

    @Test
    void overriddenQuotaPolicyChangesWhatAnOverQuotaSendReturns() throws Exception {
        AtomicReference<SendResult> firstOverQuota = new AtomicReference<>();
        AtomicInteger queued = new AtomicInteger();
        MessageHandlers flood = on -> on.message(ChatLine.class, (session, message) -> {
            ByteBuffer payload = ServerFixture.CODEC.encode(ChatBroadcast.newBuilder().setText("y".repeat(512)).build(),
                    MessageHeader.NO_REQUEST);
            // A per-session cap of 8 frames; 50 MB in all cannot fit in the sockets' buffers of a client that never reads.
            for (int i = 0; i < 100_000; i++) {
                SendResult r = session.sendEncoded(payload);
                if (r != SendResult.QUEUED) {
                    firstOverQuota.compareAndSet(null, r);
                    return;
                }
                queued.incrementAndGet();
            }
        });
        SendQuotaSettings tiny = new SendQuotaSettings(8, 1 << 20, 1 << 20, SendQuotaPolicy.REJECT);
        try (ServerFixture fixture = new ServerFixture(flood,
                ServerFixture.settings().withTransport(ServerFixture.settings().transport().withSendQuota(tiny)))) {
            assertEquals(SendQuotaPolicy.REJECT, fixture.server.sendQuota().settings().policy());
            FrameClient client = fixture.raw(4096);
            client.write(ChatLine.getDefaultInstance(), 0);
            client.flush();
            ServerFixture.await(() -> firstOverQuota.get() != null);
            assertEquals(SendResult.REJECTED, firstOverQuota.get());
            assertTrue(queued.get() >= 8);
        }
        assertEquals(SendQuotaPolicy.DISCONNECT, Guice.createInjector(new GameServerModule(GameServerSettings.defaults(), new InetSocketAddress(0)))
                .getInstance(TransportSettings.class).sendQuota().policy(), "the default policy, for contrast");
    }

    @Test
    void twoHandlersForOneTypeFailAtStartUpNamingBoth() {
        AbstractModule twice = new AbstractModule() {
            @Override
            protected void configure() {
                DispatchModule.handlers(binder()).addBinding().toInstance(on -> on.message(ChatLine.class, (s, m) -> { }));
                DispatchModule.handlers(binder()).addBinding().toInstance(on -> on.message(ChatLine.class, (s, m) -> { }));
                CodecModule.protocolFiles(binder()).addBinding().toInstance(StudioGame.getDescriptor());
            }
        };
        Exception failure = assertThrows(Exception.class, () -> Guice.createInjector(
                new GameServerModule(GameServerSettings.defaults(), new InetSocketAddress("127.0.0.1", 0)), twice).getInstance(GameServer.class));
        assertTrue(String.valueOf(failure.getMessage()).contains("ChatLine (id 1030) has two handlers"),
                failure.getMessage());
    }
}

package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import com.google.protobuf.ByteString;
import io.gameport.net.SendQuotaSettings;
import io.gameport.net.SendQuotaPolicy;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.MessageCodec;
import io.gameport.sample.link.SampleProtocol;
import io.gameport.sample.messages.ChatBroadcast;
import io.gameport.sample.messages.ChatMessage;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomLimits;
import io.gameport.sample.room.RoomSettings;
import io.gameport.sample.ticket.TicketSigner;
import io.gameport.testing.FrameClient;
import io.gameport.transport.SocketSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A member that stops reading is handled by the send-quota policy; the room and its other members go on. */
@Timeout(60)
class SlowClientEndToEndTest {

    private static final byte[] SECRET = SampleGameEndToEndTest.SECRET;

    @Test
    void memberThatStopsReadingIsDisconnectedWhileTheOthersKeepEveryLineAndTick() throws Exception {
        // Small kernel buffers and a small per-connection cap make a non-reader hit the quota quickly.
        TransportSettings server = TransportSettings.defaults().withWorkers(1)
                .withSocket(new SocketSettings(true, 4096, 0))
                .withSendQuota(new SendQuotaSettings(64, 64 * 1024, 1 << 30, SendQuotaPolicy.DISCONNECT));
        TicketSigner signer = new TicketSigner(SECRET, 60_000, Clock.systemUTC());
        MessageCodec codec = SampleProtocol.codec();
        // Chat well above a person's rate, so the reader's lines fill the stalled member's queue quickly.
        try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), server, 20,
                RoomSettings.defaults(), SECRET).withLimits(RoomLimits.defaults().withChatPerSecond(1_000)));
                TransportClient client = new TransportClient(TransportSettings.defaults().withWorkers(1), ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
                TestClient reader = new TestClient(client, rooms.port())) {
            assertEquals(RoomResult.ROOM_RESULT_OK, reader.request(EnterRequest.newBuilder()
                    .setTicket(ByteString.copyFrom(signer.issue(1, "reader", 1))).build(), EnterResponse.class).getResult());
            int roomId = reader.request(CreateRoomRequest.newBuilder().setName("busy").build(), CreateRoomResponse.class)
                    .getRoom().getRoomId();
            reader.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class);

            try (FrameClient stalled = new FrameClient(rooms.port(), codec, 4096)) {
                stalled.write(EnterRequest.newBuilder()
                        .setTicket(ByteString.copyFrom(signer.issue(2, "stalled", 1))).build(), 1);
                stalled.write(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), 2);
                stalled.flush();
                // From here on the stalled member never reads a byte.

                String text = "x".repeat(250);
                int line = 0;
                while (rooms.overQuota() == 0 && line < 20_000) {
                    // 20 lines per tick received: 400 frames a second, within the session's frame limit.
                    reader.await(TickState.class);
                    for (int i = 0; i < 20; i++) {
                        line++;
                        reader.send(ChatMessage.newBuilder().setText(text).setClientSequence(line).build());
                    }
                    for (int i = line - 19; i <= line; i++) {
                        assertEquals(i, reader.await(ChatBroadcast.class).getClientSequence());
                    }
                }
                assertTrue(rooms.overQuota() > 0, "the stalled member went over its quota");
                TickState first = reader.await(TickState.class);
                TickState second = reader.await(TickState.class);
                assertEquals(first.getTick() + 1, second.getTick(), "the room keeps ticking for the reader");
                assertEquals(0, rooms.failures());
            }
        }
    }
}

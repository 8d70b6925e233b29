package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.gameport.net.SendResult;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.handler.LimitScope;
import io.gameport.sample.messages.ChatBroadcast;
import io.gameport.sample.messages.ChatMessage;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.ListRoomsRequest;
import io.gameport.sample.messages.ListRoomsResponse;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import io.gameport.sample.room.RoomLimits;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import io.gameport.sample.ticket.TicketSigner;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One member of a room floods chat as fast as it can; the others still get every tick and every
 * honest line, in order, and the flooder is held to its limit. Counts only: no timing is asserted.
 */
@Timeout(120)
class ChatFloodEndToEndTest {

    private static final byte[] SECRET = SampleGameEndToEndTest.SECRET;
    private static final int FLOOD_LINES = 50_000;
    private static final int HONEST_LINES = 10;
    private static final long CLIENT_QUEUE_BYTES = 16 * 1024;
    /** The honest speaker says one line every this many ticks: 20 Hz / 5 = 4 lines a second, under the limit of 5. */
    private static final int TICKS_PER_HONEST_LINE = 5;

    private final TicketSigner signer = new TicketSigner(SECRET, 60_000, Clock.systemUTC());

    private TestClient player(TransportClient client, int port, long id) throws Exception {
        TestClient c = new TestClient(client, port);
        EnterResponse entered = c.request(EnterRequest.newBuilder()
                .setTicket(ByteString.copyFrom(signer.issue(id, "p" + id, 1))).build(), EnterResponse.class);
        assertEquals(RoomResult.ROOM_RESULT_OK, entered.getResult());
        return c;
    }

    @Test
    void aChatFloodDelaysNoTickAndNoHonestLineForTheOthersAndTheFlooderIsLimited() throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        try (RoomServer rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                RoomSettings.defaults(), SECRET));
                TransportClient client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
                TestClient flooder = player(client, rooms.port(), 1);
                TestClient speaker = player(client, rooms.port(), 2);
                TestClient listener = player(client, rooms.port(), 3)) {
            int roomId = speaker.request(CreateRoomRequest.newBuilder().setName("flooded").build(), CreateRoomResponse.class)
                    .getRoom().getRoomId();
            for (TestClient member : List.of(speaker, listener, flooder)) {
                assertEquals(RoomResult.ROOM_RESULT_OK, member.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(),
                        JoinRoomResponse.class).getResult());
            }
            listener.drain();

            AtomicInteger floodSent = new AtomicInteger();
            Thread flood = new Thread(() -> {
                for (int i = 1; i <= FLOOD_LINES; i++) {
                    // As fast as the socket takes it: the client's own send quota would otherwise close it.
                    while (flooder.pendingBytes() > CLIENT_QUEUE_BYTES && flooder.closed == null) {
                        Thread.onSpinWait();
                    }
                    if (flooder.push(ChatMessage.newBuilder().setText("spam " + i).setClientSequence(i).build())
                            == SendResult.QUEUED) {
                        floodSent.incrementAndGet();
                    }
                }
            }, "chat-flooder");
            flood.start();

            // The speaker talks at a human rate, paced by the ticks it receives (a count, not a clock).
            int said = 0;
            int ticksSeen = 0;
            while (said < HONEST_LINES) {
                speaker.await(TickState.class);
                if (++ticksSeen % TICKS_PER_HONEST_LINE == 0) {
                    said++;
                    speaker.push(ChatMessage.newBuilder().setText("honest " + said).setClientSequence(said).build());
                }
            }
            flood.join(60_000);
            // Frames of one session are handled in order: once this is answered, every flood line was.
            flooder.send(ListRoomsRequest.getDefaultInstance());
            Message barrier = flooder.awaitAny(ListRoomsResponse.class, ErrorReply.class);
            assertTrue(barrier instanceof ListRoomsResponse || ((ErrorReply) barrier).getCauseMsgId() == 202,
                    "the flood's chat lines (one-way, request id 0) get no answers: " + barrier);

            // The listener: every tick in order with no gap, and every honest line in order.
            List<String> honest = new ArrayList<>();
            long firstTick = -1;
            long lastTick = -1;
            int floodLinesHeard = 0;
            while (honest.size() < HONEST_LINES) {
                Message message = listener.awaitAny(TickState.class, ChatBroadcast.class);
                if (message instanceof TickState tick) {
                    if (lastTick >= 0) {
                        assertEquals(lastTick + 1, tick.getTick(), "the listener missed or reordered a tick");
                    } else {
                        firstTick = tick.getTick();
                    }
                    lastTick = tick.getTick();
                } else {
                    ChatBroadcast line = (ChatBroadcast) message;
                    if (line.getFromPlayerId() == 2) {
                        honest.add(line.getText());
                    } else {
                        floodLinesHeard++;
                    }
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= HONEST_LINES; i++) {
                expected.add("honest " + i);
            }
            assertEquals(expected, honest);
            assertTrue(lastTick - firstTick >= (HONEST_LINES - 1) * TICKS_PER_HONEST_LINE,
                    "ticks kept coming through the flood: " + firstTick + ".." + lastTick);
            int sent = floodSent.get();
            assertTrue(sent > FLOOD_LINES / 2, "the flood went out: " + sent);
            assertTrue(floodLinesHeard < sent / 10, "the flooder was limited: " + floodLinesHeard + " of " + sent + " heard");
            assertTrue(rooms.rateLimited() > sent * 9L / 10,
                    "the flood was stopped on the shard, counted: " + rooms.rateLimited() + " of " + sent + ", heard " + floodLinesHeard + ", handled " + rooms.messagesIn());
            // Count-derived bound (no clock): the chat limit's burst plus its rate over the ticks seen, twice over.
            long secondsSeen = (lastTick - firstTick) / 20 + 2;
            long allowed = 2 * (RoomLimits.defaults().chatPerSecond() * (1 + secondsSeen));
            assertTrue(floodLinesHeard <= allowed, "the chat limit held the flooder to " + allowed + ": " + floodLinesHeard);
            // The session's frame bucket stops most of the flood first; what gets past it meets the chat limit.
            assertTrue(rooms.rateLimited(LimitScope.MESSAGE_TYPE) > 0, "the chat type's own limit fired");
            assertNull(flooder.closed, "the flooder was limited, not closed (chat over its limit is dropped)");
            assertNull(listener.closed);
            assertNull(speaker.closed);
            assertEquals(0, rooms.overQuota(), "no honest member fell behind its send quota");
        }
    }
}

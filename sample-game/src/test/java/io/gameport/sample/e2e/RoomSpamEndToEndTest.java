package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.ProtocolSettings;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.ListRoomsRequest;
import io.gameport.sample.messages.ListRoomsResponse;
import io.gameport.sample.messages.RoomInfo;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import io.gameport.sample.ticket.TicketSigner;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Room spam and list floods against a real room server: per-player limits, distinct codes, paging, answers off the loop. */
@Timeout(60)
class RoomSpamEndToEndTest {

    private static final byte[] SECRET = SampleGameEndToEndTest.SECRET;
    private final TicketSigner signer = new TicketSigner(SECRET, 60_000, Clock.systemUTC());
    private final List<TestClient> clients = new ArrayList<>();
    private RoomServer rooms;
    private TransportClient client;

    private void start(RoomSettings settings) throws Exception {
        TransportSettings transport = TransportSettings.defaults().withWorkers(1);
        rooms = RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20, settings, SECRET));
        client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (client != null) {
            client.close();
        }
        if (rooms != null) {
            rooms.close();
        }
    }

    private TestClient player(long id) throws Exception {
        TestClient c = new TestClient(client, rooms.port());
        clients.add(c);
        EnterResponse entered = c.request(EnterRequest.newBuilder()
                .setTicket(ByteString.copyFrom(signer.issue(id, "p" + id, 1))).build(), EnterResponse.class);
        assertEquals(RoomResult.ROOM_RESULT_OK, entered.getResult());
        return c;
    }

    private static CreateRoomRequest create(String name) {
        return CreateRoomRequest.newBuilder().setName(name).setCapacity(4).build();
    }

    @Test
    void onePlayerPipeliningCreatesGetsOneRoomAndEachRefusalItsOwnCode() throws Exception {
        start(RoomSettings.defaults().withMaxRooms(2));
        TestClient spammer = player(1);
        int requests = 500;
        for (int i = 0; i < requests; i++) {
            spammer.send(create("spam" + i));
        }
        Map<RoomResult, Integer> results = new EnumMap<>(RoomResult.class);
        int rateLimited = 0;
        for (int i = 0; i < requests; i++) {
            Message answer = spammer.awaitAny(CreateRoomResponse.class, ErrorReply.class);
            if (answer instanceof ErrorReply error) {
                assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, error.getCode());
                rateLimited++;
            } else {
                results.merge(((CreateRoomResponse) answer).getResult(), 1, Integer::sum);
            }
        }
        assertEquals(1, results.get(RoomResult.ROOM_RESULT_OK));
        assertEquals(requests, 1 + results.getOrDefault(RoomResult.ROOM_RESULT_ALREADY_OWNS_ROOM, 0) + rateLimited,
                "every other create refused as already owning a room or over the per-session limit: " + results);
        assertTrue(rateLimited > requests / 2, "most of a pipelined flood is stopped before the loop: " + rateLimited);

        assertEquals(RoomResult.ROOM_RESULT_OK, player(2).request(create("second"), CreateRoomResponse.class).getResult());
        CreateRoomResponse third = player(3).request(create("third"), CreateRoomResponse.class);
        assertEquals(RoomResult.ROOM_RESULT_TOO_MANY_ROOMS, third.getResult(), "the server's cap is not INVALID_CAPACITY");
        assertEquals(RoomResult.ROOM_RESULT_INVALID_CAPACITY, player(4).request(CreateRoomRequest.newBuilder()
                .setName("huge").setCapacity(100_000).build(), CreateRoomResponse.class).getResult());
    }

    @Test
    void theListComesInPagesAndARoomNobodyJoinedIsRemoved() throws Exception {
        // Empty rooms go at the first tick: a member's own new room may go before it joins, so it tries again.
        start(RoomSettings.defaults().withListPageMax(2).withEmptyRoomTtlMs(0).withRoomCreateIntervalMs(0));
        TestClient idle = player(1);
        int idleRoom = idle.request(create("idle"), CreateRoomResponse.class).getRoom().getRoomId();
        List<TestClient> members = new ArrayList<>();
        for (long id = 2; id <= 6; id++) {
            TestClient member = player(id);
            RoomResult joined = RoomResult.ROOM_RESULT_ROOM_NOT_FOUND;
            for (int attempt = 0; attempt < 20 && joined == RoomResult.ROOM_RESULT_ROOM_NOT_FOUND; attempt++) {
                int roomId = member.request(create("room" + id), CreateRoomResponse.class).getRoom().getRoomId();
                joined = member.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class)
                        .getResult();
            }
            assertEquals(RoomResult.ROOM_RESULT_OK, joined);
            members.add(member);
        }
        members.get(4).await(TickState.class); // the list is published with each tick, before its broadcasts

        List<Integer> seen = new ArrayList<>();
        int after = 0;
        int pages = 0;
        do {
            ListRoomsResponse page = idle.request(ListRoomsRequest.newBuilder().setAfterRoomId(after).setLimit(50).build(),
                    ListRoomsResponse.class);
            assertTrue(page.getRoomsCount() <= 2, "never more than the page maximum");
            assertEquals(5, page.getTotalRooms());
            page.getRoomsList().stream().map(RoomInfo::getRoomId).forEach(seen::add);
            after = page.getNextAfterRoomId();
            pages++;
        } while (after != 0 && pages < 10);
        assertEquals(3, pages);
        assertEquals(5, seen.size());
        assertTrue(!seen.contains(idleRoom), "the room nobody joined was removed: " + seen);
        assertEquals(RoomResult.ROOM_RESULT_ROOM_NOT_FOUND, idle.request(JoinRoomRequest.newBuilder().setRoomId(idleRoom)
                .build(), JoinRoomResponse.class).getResult());
    }

    @Test
    void listRequestsAreAnsweredWhileTheRoomLoopIsHeld() throws Exception {
        start(RoomSettings.defaults());
        TestClient lister = player(1);
        int roomId = lister.request(create("listed"), CreateRoomResponse.class).getRoom().getRoomId();
        lister.request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class);
        lister.await(TickState.class);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        rooms.onRoomLoop(() -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS));
            long ticksWhileHeld = rooms.ticks();
            int flood = 500;
            for (int i = 0; i < flood; i++) {
                lister.send(ListRoomsRequest.getDefaultInstance());
            }
            int lists = 0;
            for (int i = 0; i < flood; i++) {
                Message answer = lister.awaitAny(ListRoomsResponse.class, ErrorReply.class);
                if (answer instanceof ListRoomsResponse list) {
                    assertEquals(roomId, list.getRooms(0).getRoomId());
                    lists++;
                } else {
                    assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, ((ErrorReply) answer).getCode());
                }
            }
            assertTrue(lists >= 1 && lists < flood, "the first lists answered, the flood limited: " + lists);
            assertEquals(lists, rooms.listAnswers());
            assertEquals(ticksWhileHeld, rooms.ticks(), "every answer came while the loop was still held");
        } finally {
            release.countDown();
        }
        lister.await(TickState.class);
    }
}

package io.gameport.sample.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.sample.messages.ChatBroadcast;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.ListRoomsResponse;
import io.gameport.sample.messages.MemberJoined;
import io.gameport.sample.messages.MemberLeft;
import io.gameport.sample.messages.MoveInput;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomWorldTest {

    private final RecordingEvents events = new RecordingEvents();
    private final RoomSettings settings = RoomSettings.defaults().withReconnectGraceMs(5_000);
    private final RoomWorld<String> world = new RoomWorld<>(settings, events);
    private static final byte[] TOKEN = {1, 2, 3};
    private static final byte[] NEXT_TOKEN = {4, 5, 6};

    private int roomOfCapacity(int capacity) {
        return world.createRoom(0, "lobby", capacity, 0).getRoom().getRoomId();
    }

    @Test
    void joiningAFullRoomIsRefusedAndLeavesTheRoomUnchanged() {
        int room = roomOfCapacity(2);
        for (long id = 1; id <= 3; id++) {
            world.enter(id, "p" + id, 1, TOKEN, "c" + id);
        }
        assertEquals(RoomResult.ROOM_RESULT_OK, world.join(1, room).getResult());
        assertEquals(RoomResult.ROOM_RESULT_OK, world.join(2, room).getResult());
        JoinRoomResponse third = world.join(3, room);
        assertEquals(RoomResult.ROOM_RESULT_ROOM_FULL, third.getResult());
        assertEquals(2, world.room(room).members().size());
        assertNull(world.player(3).room());
    }

    @Test
    void numberedMovesAndChatLinesThatSkipOrRepeatANumberAreCounted() {
        int room = roomOfCapacity(0);
        world.enter(1, "ann", 1, TOKEN, "c1");
        world.join(1, room);
        for (int sequence : new int[] {1, 2, 3, 5, 5, 6, 2}) { // 4 never came; 5 came twice; 2 late
            world.move(1, MoveInput.newBuilder().setInputSequence(sequence).setDx(1).build());
        }
        assertEquals(1, world.inputsLost());
        assertEquals(2, world.inputsRepeated());
        assertEquals(6, world.player(1).lastInputSequence(), "the highest input seen, not the last to arrive");
        for (int sequence : new int[] {1, 2, 5}) { // 3 and 4 never came
            world.chat(1, "hi", sequence, 0);
        }
        assertEquals(3, world.inputsLost());
        assertEquals(2, world.inputsRepeated());
    }

    @Test
    void joinListsMembersAndTellsTheOthers() {
        int room = roomOfCapacity(0);
        world.enter(1, "ann", 1, TOKEN, "c1");
        world.enter(2, "ben", 1, TOKEN, "c2");
        world.join(1, room);
        JoinRoomResponse joined = world.join(2, room);
        assertEquals(List.of(1L, 2L), joined.getMembersList().stream().map(m -> m.getPlayerId()).toList());
        assertEquals(settings.defaultCapacity(), joined.getRoom().getCapacity());
        List<MemberJoined> told = events.receivedBy("c1", MemberJoined.class);
        assertEquals(1, told.size());
        assertEquals("ben", told.get(0).getMember().getName());
        assertTrue(events.receivedBy("c2", MemberJoined.class).isEmpty());
    }

    @Test
    void chatReachesEveryMemberIncludingTheSenderInTheOrderSent() {
        int room = roomOfCapacity(10);
        for (long id = 1; id <= 3; id++) {
            world.enter(id, "p" + id, 1, TOKEN, "c" + id);
            world.join(id, room);
        }
        world.chat(1, "one", 1, 100);
        world.chat(2, "two", 1, 101);
        world.chat(1, "three", 2, 102);
        for (long id = 1; id <= 3; id++) {
            List<String> lines = events.receivedBy("c" + id, ChatBroadcast.class).stream().map(ChatBroadcast::getText).toList();
            assertEquals(List.of("one", "two", "three"), lines, "member " + id);
        }
        ChatBroadcast first = events.receivedBy("c3", ChatBroadcast.class).get(0);
        assertEquals(1, first.getFromPlayerId());
        assertEquals("p1", first.getFromName());
        assertEquals(100, first.getSentAtMs());
    }

    @Test
    void chatOutsideARoomIsRefusedAndDeliveredNowhere() {
        world.enter(1, "p1", 1, TOKEN, "c1");
        assertEquals(RoomResult.ROOM_RESULT_NOT_IN_ROOM, world.chat(1, "hi", 1, 0));
        assertEquals(RoomResult.ROOM_RESULT_NOT_ENTERED, world.chat(99, "hi", 1, 0));
        assertTrue(events.deliveries.isEmpty());
    }

    @Test
    void movementIsAppliedOnTheNextTickAndBroadcastInThatTicksState() {
        int room = roomOfCapacity(10);
        world.enter(1, "p1", 1, TOKEN, "c1");
        world.enter(2, "p2", 1, TOKEN, "c2");
        world.join(1, room);
        world.join(2, room);
        float startX = world.player(1).x();
        float startY = world.player(1).y();
        world.move(1, MoveInput.newBuilder().setInputSequence(7).setDx(1).setDy(-1).build());
        assertEquals(startX, world.player(1).x(), "not applied before the tick");
        world.tick(0);
        List<TickState> seenByOther = events.receivedBy("c2", TickState.class);
        assertEquals(1, seenByOther.size());
        assertEquals(1, seenByOther.get(0).getTick());
        TickState first = seenByOther.get(0);
        assertEquals(List.of(2, 2, 2, 2), List.of(first.getPlayerIdsCount(), first.getXsCount(), first.getYsCount(),
                first.getLastInputSequencesCount()), "one entry per member in every column");
        int mine = first.getPlayerIdsList().indexOf(1L);
        assertEquals(startX + settings.speedPerTick(), first.getXs(mine), 1e-4);
        assertEquals(startY - settings.speedPerTick(), first.getYs(mine), 1e-4);
        assertEquals(7, first.getLastInputSequences(mine));
        world.tick(50);
        TickState next = events.receivedBy("c2", TickState.class).get(1);
        assertEquals(2, next.getTick());
        assertEquals(first.getXs(mine), next.getXs(next.getPlayerIdsList().indexOf(1L)), 1e-4, "no input, no movement");
    }

    @Test
    void inputsWithinOneTickAreSummedButCappedAtOneStep() {
        int room = roomOfCapacity(10);
        world.enter(1, "p1", 1, TOKEN, "c1");
        world.join(1, room);
        float startX = world.player(1).x();
        for (int i = 1; i <= 5; i++) {
            world.move(1, MoveInput.newBuilder().setInputSequence(i).setDx(1).build());
        }
        world.move(1, MoveInput.newBuilder().setInputSequence(6).setDx(Float.NaN).build());
        world.tick(0);
        assertEquals(startX + settings.speedPerTick(), world.player(1).x(), 1e-4);
        assertEquals(6, world.player(1).lastInputSequence());
    }

    @Test
    void reconnectWithTheSeatsTokenWithinGraceKeepsRoomAndPosition() {
        int room = roomOfCapacity(2);
        world.enter(1, "p1", 1, TOKEN, "c1");
        world.enter(2, "p2", 1, TOKEN, "c2");
        world.enter(3, "p3", 1, TOKEN, "c3");
        world.join(1, room);
        world.join(2, room);
        world.move(1, MoveInput.newBuilder().setInputSequence(1).setDx(1).build());
        world.tick(0);
        float x = world.player(1).x();
        world.disconnected(1, "c1", 1_000);
        assertEquals(RoomResult.ROOM_RESULT_ROOM_FULL, world.join(3, room).getResult(), "the place is held");
        world.tick(5_999);
        RoomWorld.Entered<String> back = world.reconnect(1, TOKEN, NEXT_TOKEN, "c1b");
        assertEquals(RoomWorld.Entered.Outcome.RESUMED, back.outcome());
        assertNull(back.replaced());
        assertSame(world.room(room), back.player().room());
        assertEquals(x, back.player().x());
        world.tick(6_050);
        assertEquals(1, events.receivedBy("c1b", TickState.class).size());
        assertTrue(events.receivedBy("c2", MemberLeft.class).isEmpty());
        assertEquals(RoomWorld.Entered.Outcome.BAD_RECONNECT_TOKEN, world.reconnect(1, TOKEN, TOKEN, "c1c").outcome(),
                "a token works once: the seat now has the next one");
    }

    @Test
    void reconnectWithoutTheSeatsTokenTakesNothingLiveOrSuspended() {
        int room = roomOfCapacity(2);
        world.enter(1, "p1", 1, TOKEN, "owner");
        world.join(1, room);
        assertEquals(RoomWorld.Entered.Outcome.BAD_RECONNECT_TOKEN, world.reconnect(1, NEXT_TOKEN, NEXT_TOKEN, "thief").outcome());
        assertEquals(RoomWorld.Entered.Outcome.BAD_RECONNECT_TOKEN, world.reconnect(1, null, NEXT_TOKEN, "thief").outcome());
        assertEquals("owner", world.player(1).endpoint());
        world.disconnected(1, "owner", 10);
        assertEquals(RoomWorld.Entered.Outcome.BAD_RECONNECT_TOKEN, world.reconnect(1, new byte[0], NEXT_TOKEN, "thief").outcome());
        assertFalse(world.player(1).connected(), "the suspended seat waits for its owner");
        assertEquals(RoomWorld.Entered.Outcome.NO_SEAT, world.reconnect(2, TOKEN, NEXT_TOKEN, "thief").outcome());
        assertNull(world.player(2));
    }

    @Test
    void disconnectedPlayerIsRemovedWhenGraceRunsOutAndTheRoomIsTold() {
        int room = roomOfCapacity(2);
        world.enter(1, "p1", 1, TOKEN, "c1");
        world.enter(2, "p2", 1, TOKEN, "c2");
        world.join(1, room);
        world.join(2, room);
        world.disconnected(1, "c1", 1_000);
        world.tick(6_000);
        assertNull(world.player(1));
        List<MemberLeft> left = events.receivedBy("c2", MemberLeft.class);
        assertEquals(1, left.size());
        assertEquals(1, left.get(0).getPlayerId());
        assertEquals(RoomWorld.Entered.Outcome.NO_SEAT, world.reconnect(1, TOKEN, NEXT_TOKEN, "c1b").outcome());
        RoomWorld.Entered<String> late = world.enter(1, "p1", 2, TOKEN, "c1b");
        assertEquals(RoomWorld.Entered.Outcome.ENTERED, late.outcome());
        assertNull(late.player().room());
    }

    @Test
    void onlyANewerLoginTakesALiveSeatAndTheOldEndpointsLateCloseIsIgnored() {
        int room = roomOfCapacity(2);
        world.enter(1, "p1", 5, TOKEN, "old");
        world.join(1, room);
        assertEquals(RoomWorld.Entered.Outcome.STALE_LOGIN, world.enter(1, "p1", 5, TOKEN, "same-login").outcome());
        assertEquals(RoomWorld.Entered.Outcome.STALE_LOGIN, world.enter(1, "p1", 4, TOKEN, "older-login").outcome());
        assertEquals("old", world.player(1).endpoint());
        RoomWorld.Entered<String> again = world.enter(1, "p1", 6, NEXT_TOKEN, "new");
        assertEquals(RoomWorld.Entered.Outcome.DISPLACED, again.outcome());
        assertEquals("old", again.replaced());
        assertSame(world.room(room), again.player().room(), "the seat keeps its room");
        world.disconnected(1, "old", 10);
        assertTrue(world.player(1).connected());
        assertEquals("new", world.player(1).endpoint());
        assertNull(world.playerAt(1, "old"), "the old endpoint no longer speaks for the player");
        assertSame(world.player(1), world.playerAt(1, "new"));
    }

    @Test
    void lastMemberLeavingRemovesTheRoom() {
        int room = roomOfCapacity(2);
        world.enter(1, "p1", 1, TOKEN, "c1");
        world.join(1, room);
        assertEquals(RoomResult.ROOM_RESULT_OK, world.leave(1));
        assertNull(world.room(room));
        assertEquals(RoomResult.ROOM_RESULT_NOT_IN_ROOM, world.leave(1));
        assertEquals(RoomResult.ROOM_RESULT_ROOM_NOT_FOUND, world.join(1, room).getResult());
    }

    @Test
    void invalidRoomNamesAndCapacitiesAreRefused() {
        assertEquals(RoomResult.ROOM_RESULT_INVALID_ROOM_NAME, world.createRoom(0, "", 5, 0).getResult());
        assertEquals(RoomResult.ROOM_RESULT_INVALID_ROOM_NAME, world.createRoom(0, "x".repeat(33), 5, 0).getResult());
        assertEquals(RoomResult.ROOM_RESULT_INVALID_CAPACITY, world.createRoom(0, "ok", settings.maxCapacity() + 1, 0).getResult());
        assertEquals(0, world.roomCount());
        assertEquals(RoomResult.ROOM_RESULT_OK, world.createRoom(0, "ok", 1, 0).getResult());
        assertEquals(1, world.listRooms().size());
    }

    @Test
    void joiningTwiceIsRefused() {
        int room = roomOfCapacity(5);
        world.enter(1, "p1", 1, TOKEN, "c1");
        world.join(1, room);
        assertEquals(RoomResult.ROOM_RESULT_ALREADY_IN_ROOM, world.join(1, room).getResult());
        assertEquals(RoomResult.ROOM_RESULT_NOT_ENTERED, world.join(2, room).getResult());
    }

    @Test
    void aPlayerOwnsOneRoomAtATimeAndCreatesAtTheConfiguredRate() {
        world.enter(1, "p1", 1, TOKEN, "c1");
        CreateRoomResponse first = world.createRoom(1, "mine", 2, 1_000);
        assertEquals(RoomResult.ROOM_RESULT_OK, first.getResult());
        CreateRoomResponse second = world.createRoom(1, "another", 2, 1_001);
        assertEquals(RoomResult.ROOM_RESULT_ALREADY_OWNS_ROOM, second.getResult());
        assertEquals(first.getRoom().getRoomId(), second.getRoom().getRoomId(), "told which room it owns");
        world.join(1, first.getRoom().getRoomId());
        world.leave(1);
        assertNull(world.room(first.getRoom().getRoomId()), "the last member left: removed");
        CreateRoomResponse tooSoon = world.createRoom(1, "again", 2, 1_002);
        assertEquals(RoomResult.ROOM_RESULT_RATE_LIMITED, tooSoon.getResult());
        assertEquals(settings.roomCreateIntervalMs() - 2, tooSoon.getRetryAfterMs());
        assertEquals(RoomResult.ROOM_RESULT_OK,
                world.createRoom(1, "again", 2, 1_000 + settings.roomCreateIntervalMs()).getResult());
        assertEquals(RoomResult.ROOM_RESULT_NOT_ENTERED, world.createRoom(9, "nobody", 2, 0).getResult());
    }

    @Test
    void theServersRoomCapIsItsOwnCodeNotInvalidCapacity() {
        RoomWorld<String> small = new RoomWorld<>(settings.withMaxRooms(2), events);
        for (long id = 1; id <= 3; id++) {
            small.enter(id, "p" + id, 1, TOKEN, "c" + id);
        }
        assertEquals(RoomResult.ROOM_RESULT_OK, small.createRoom(1, "one", 2, 0).getResult());
        assertEquals(RoomResult.ROOM_RESULT_OK, small.createRoom(2, "two", 2, 0).getResult());
        assertEquals(RoomResult.ROOM_RESULT_TOO_MANY_ROOMS, small.createRoom(3, "three", 2, 0).getResult());
        assertEquals(RoomResult.ROOM_RESULT_INVALID_CAPACITY, small.createRoom(3, "three", 9_999, 0).getResult());
    }

    @Test
    void aRoomNobodyJoinsIsRemovedAfterItsTtlAndFreesItsOwner() {
        world.enter(1, "p1", 1, TOKEN, "c1");
        int room = world.createRoom(1, "idle", 2, 0).getRoom().getRoomId();
        world.tick(settings.emptyRoomTtlMs() - 1);
        assertEquals(room, world.room(room).roomId());
        world.tick(settings.emptyRoomTtlMs());
        assertNull(world.room(room));
        assertEquals(0, world.roomList().size(), "gone from the published list too");
        assertEquals(RoomResult.ROOM_RESULT_OK,
                world.createRoom(1, "next", 2, settings.roomCreateIntervalMs() + settings.emptyRoomTtlMs()).getResult());
    }

    @Test
    void theRoomListIsPublishedOncePerTickAndPagedByRoomId() {
        RoomWorld<String> paged = new RoomWorld<>(settings.withListPageMax(3), events);
        for (int i = 0; i < 7; i++) {
            paged.createRoom(0, "r" + i, 2, 0);
        }
        assertEquals(0, paged.roomList().size(), "not published before a tick");
        paged.tick(1);
        RoomList list = paged.roomList();
        assertEquals(7, list.size());
        ListRoomsResponse first = list.page(0, 0, 3);
        assertEquals(List.of(1, 2, 3), first.getRoomsList().stream().map(r -> r.getRoomId()).toList());
        assertEquals(3, first.getNextAfterRoomId());
        assertEquals(7, first.getTotalRooms());
        ListRoomsResponse second = list.page(first.getNextAfterRoomId(), 100, 3);
        assertEquals(List.of(4, 5, 6), second.getRoomsList().stream().map(r -> r.getRoomId()).toList());
        ListRoomsResponse last = list.page(second.getNextAfterRoomId(), 2, 3);
        assertEquals(List.of(7), last.getRoomsList().stream().map(r -> r.getRoomId()).toList());
        assertEquals(0, last.getNextAfterRoomId());
        assertSame(list, paged.roomList(), "the same snapshot until something changes and a tick publishes");
    }
}

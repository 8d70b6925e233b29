package io.gameport.sample.room;

import io.gameport.log.RateLimitedLog;
import io.gameport.sample.messages.ChatBroadcast;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.Member;
import io.gameport.sample.messages.MemberJoined;
import io.gameport.sample.messages.MemberLeft;
import io.gameport.sample.messages.MoveInput;
import io.gameport.sample.messages.RoomInfo;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import io.gameport.time.NanoClock;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * The room server's game state: players, rooms, chat, movement and reconnects. Pure and
 * single-threaded: one thread (the {@code RoomLoop}) owns it and calls every method, so the game
 * code takes no locks and everything a room broadcasts leaves in one order.
 *
 * <p>Movement inputs are accumulated as they arrive and applied on the next {@link #tick}; each
 * tick then broadcasts the room's {@link TickState} once. A player whose connection drops stays
 * in its room for the grace period; after it the player is removed and the room told.
 *
 * <p>A seat (the player's place, room and position) changes connection only with proof that
 * the owner asked: {@link #enter} with a ticket of a newer login than the seat's (a fresh login
 * of the account), or {@link #reconnect} with the reconnect token the seat's connection was
 * given. A replayed or older ticket never takes a seat, and neither does a reconnect without the
 * token.
 *
 * <p>Rooms: a player owns at most one existing room and creates at most one per
 * {@code roomCreateIntervalMs}; the server holds at most {@code maxRooms}; a room with nobody in
 * it is removed (at once when its last member leaves, after {@code emptyRoomTtlMs} when nobody
 * joined). The room list is published as an immutable {@link RoomList} at most once per tick.
 *
 * @param <C> the server's handle for a player's connection
 */
public final class RoomWorld<C> {

    private final RoomSettings settings;
    private final RoomEvents<C> events;
    private final Map<Long, Player<C>> players = new HashMap<>();
    /**
     * Numbered client messages (moves by input sequence, chat lines by client sequence, each
     * counted per player from 1) that skipped numbers or repeated one: what a client sent and the
     * server never saw, or saw twice. Written on the world's thread, read from any.
     */
    private final LongAdder inputsLost = new LongAdder();
    private final LongAdder inputsRepeated = new LongAdder();
    /** Says which player skipped or repeated which numbers: a client can provoke it, so at most 5 lines a second. */
    private final RateLimitedLog sequenceLog = new RateLimitedLog(LoggerFactory.getLogger(RoomWorld.class),
            "players' numbered messages out of sequence", 5, 1, TimeUnit.SECONDS, NanoClock.SYSTEM);
    private final Map<Integer, Room<C>> rooms = new LinkedHashMap<>();
    private int nextRoomId = 1;
    private boolean listChanged = true;
    private RoomList list = RoomList.EMPTY;
    private int seatedAtTick;

    public RoomWorld(RoomSettings settings, RoomEvents<C> events) {
        this.settings = settings;
        this.events = events;
    }

    public RoomSettings settings() {
        return settings;
    }

    /**
     * A player presents a valid, first-use ticket of login {@code generation} on {@code endpoint}.
     * A new player gets a seat. A known player's seat (live, or suspended within its grace period)
     * moves to {@code endpoint} only if {@code generation} is newer than the seat's: a fresh login
     * of the same account; the player keeps its room and position, and the connection it was
     * taken from is returned so the server can tell it and close it. An older or equal generation
     * is refused ({@link Entered.Outcome#STALE_LOGIN}) and changes nothing.
     */
    public Entered<C> enter(long playerId, String name, long generation, byte[] reconnectToken, C endpoint) {
        Player<C> player = players.get(playerId);
        if (player == null) {
            player = new Player<>(playerId, name, endpoint, generation, reconnectToken);
            players.put(playerId, player);
            return new Entered<>(Entered.Outcome.ENTERED, player, null);
        }
        if (generation <= player.generation) {
            return new Entered<>(Entered.Outcome.STALE_LOGIN, player, null);
        }
        player.generation = generation;
        return takeSeat(player, reconnectToken, endpoint);
    }

    /**
     * The seat's owner, on a new connection, takes its seat back with the reconnect token its
     * previous connection was given; the seat gets {@code newToken}. Works on a suspended seat
     * (a drop) and on a live one (the owner knows its old connection is dead before the server
     * does; that connection is returned to be closed).
     */
    public Entered<C> reconnect(long playerId, byte[] token, byte[] newToken, C endpoint) {
        Player<C> player = players.get(playerId);
        if (player == null) {
            return new Entered<>(Entered.Outcome.NO_SEAT, null, null);
        }
        if (token == null || !MessageDigest.isEqual(token, player.reconnectToken)) {
            return new Entered<>(Entered.Outcome.BAD_RECONNECT_TOKEN, player, null);
        }
        return takeSeat(player, newToken, endpoint);
    }

    private Entered<C> takeSeat(Player<C> player, byte[] reconnectToken, C endpoint) {
        C replaced = player.endpoint;
        player.endpoint = endpoint;
        player.disconnectedAtMs = -1;
        player.reconnectToken = reconnectToken;
        return new Entered<>(replaced == null ? Entered.Outcome.RESUMED : Entered.Outcome.DISPLACED, player, replaced);
    }

    /** The player's connection dropped: keep its place for the grace period. Ignored if {@code endpoint} was already replaced. */
    public void disconnected(long playerId, C endpoint, long nowMs) {
        Player<C> player = players.get(playerId);
        if (player == null || player.endpoint != endpoint) {
            return;
        }
        player.endpoint = null;
        player.disconnectedAtMs = nowMs;
    }

    /** The player whose seat is on {@code endpoint} now, or null (never entered, or the seat moved on). */
    public Player<C> playerAt(long playerId, C endpoint) {
        Player<C> player = players.get(playerId);
        return player != null && player.endpoint == endpoint ? player : null;
    }

    public Player<C> player(long playerId) {
        return players.get(playerId);
    }

    public Room<C> room(int roomId) {
        return rooms.get(roomId);
    }

    public int playerCount() {
        return players.size();
    }

    public int roomCount() {
        return rooms.size();
    }

    /** Players in a room as of the last tick (counted on the tick's pass over the rooms, at no extra cost). */
    public int seatedAtTick() {
        return seatedAtTick;
    }

    /** Every room's listing in room id order (the live state; other threads read {@link #roomList()}). */
    public List<RoomInfo> listRooms() {
        List<RoomInfo> all = new ArrayList<>(rooms.size());
        for (Room<C> room : rooms.values()) {
            all.add(room.info());
        }
        return all;
    }

    /** The room list as of the last tick that published it (immutable, for any thread). */
    public RoomList roomList() {
        return list;
    }

    /**
     * Creates an empty room owned by {@code ownerId} (0: a room the server makes, exempt from the
     * per-player rules); {@code capacity} 0 means the default. The creator joins with {@link #join};
     * a room nobody joins is removed after {@code emptyRoomTtlMs}. Each refusal has its own code.
     */
    public CreateRoomResponse createRoom(long ownerId, String name, int capacity, long nowMs) {
        CreateRoomResponse.Builder response = CreateRoomResponse.newBuilder();
        Player<C> owner = null;
        if (ownerId != 0) {
            owner = players.get(ownerId);
            if (owner == null) {
                return response.setResult(RoomResult.ROOM_RESULT_NOT_ENTERED).build();
            }
        }
        if (name == null || name.isBlank() || name.length() > settings.maxRoomNameChars()) {
            return response.setResult(RoomResult.ROOM_RESULT_INVALID_ROOM_NAME).build();
        }
        int size = capacity == 0 ? settings.defaultCapacity() : capacity;
        if (size < 1 || size > settings.maxCapacity()) {
            return response.setResult(RoomResult.ROOM_RESULT_INVALID_CAPACITY).build();
        }
        if (owner != null && owner.ownedRoom != null) {
            return response.setResult(RoomResult.ROOM_RESULT_ALREADY_OWNS_ROOM).setRoom(owner.ownedRoom.info()).build();
        }
        if (owner != null && nowMs < owner.nextCreateAtMs) {
            return response.setResult(RoomResult.ROOM_RESULT_RATE_LIMITED)
                    .setRetryAfterMs((int) Math.min(Integer.MAX_VALUE, owner.nextCreateAtMs - nowMs)).build();
        }
        if (rooms.size() >= settings.maxRooms()) {
            return response.setResult(RoomResult.ROOM_RESULT_TOO_MANY_ROOMS).build();
        }
        Room<C> room = new Room<>(nextRoomId++, name, size, ownerId, nowMs);
        rooms.put(room.roomId(), room);
        listChanged = true;
        if (owner != null) {
            owner.ownedRoom = room;
            owner.nextCreateAtMs = nowMs + settings.roomCreateIntervalMs();
        }
        return response.setResult(RoomResult.ROOM_RESULT_OK).setRoom(room.info()).build();
    }

    /** Joins a room if it has space; the other members are told. */
    public JoinRoomResponse join(long playerId, int roomId) {
        JoinRoomResponse.Builder response = JoinRoomResponse.newBuilder();
        Player<C> player = players.get(playerId);
        if (player == null) {
            return response.setResult(RoomResult.ROOM_RESULT_NOT_ENTERED).build();
        }
        if (player.room != null) {
            return response.setResult(RoomResult.ROOM_RESULT_ALREADY_IN_ROOM).setRoom(player.room.info()).build();
        }
        Room<C> room = rooms.get(roomId);
        if (room == null) {
            return response.setResult(RoomResult.ROOM_RESULT_ROOM_NOT_FOUND).build();
        }
        if (room.full()) {
            return response.setResult(RoomResult.ROOM_RESULT_ROOM_FULL).setRoom(room.info()).build();
        }
        room.members.put(playerId, player);
        room.emptySinceMs = -1;
        player.room = room;
        listChanged = true;
        // Spawn on a small ring around the centre so members are told apart at a glance.
        float angle = (float) (playerId % 360) * (float) Math.PI / 180f;
        player.x = settings.worldSize() / 2 + 10 * (float) Math.cos(angle);
        player.y = settings.worldSize() / 2 + 10 * (float) Math.sin(angle);
        player.pendingDx = 0;
        player.pendingDy = 0;
        events.broadcast(room, MemberJoined.newBuilder().setRoomId(roomId).setMember(member(player)).build(), playerId);
        response.setResult(RoomResult.ROOM_RESULT_OK).setRoom(room.info());
        for (Player<C> each : room.members.values()) {
            response.addMembers(member(each));
        }
        return response.build();
    }

    /** Leaves the current room; the remaining members are told; an empty room is removed. */
    public RoomResult leave(long playerId) {
        Player<C> player = players.get(playerId);
        if (player == null) {
            return RoomResult.ROOM_RESULT_NOT_ENTERED;
        }
        if (player.room == null) {
            return RoomResult.ROOM_RESULT_NOT_IN_ROOM;
        }
        removeFromRoom(player);
        return RoomResult.ROOM_RESULT_OK;
    }

    /** A line of chat to every member of the sender's room, the sender included, in arrival order. */
    public RoomResult chat(long playerId, String text, int clientSequence, long nowMs) {
        Player<C> player = players.get(playerId);
        if (player == null) {
            return RoomResult.ROOM_RESULT_NOT_ENTERED;
        }
        Room<C> room = player.room;
        if (room == null) {
            return RoomResult.ROOM_RESULT_NOT_IN_ROOM;
        }
        player.lastChatSequence = checkedSequence(player, "chat line", player.lastChatSequence, clientSequence);
        String line = text.length() > settings.maxChatChars() ? text.substring(0, settings.maxChatChars()) : text;
        events.broadcast(room, ChatBroadcast.newBuilder().setRoomId(room.roomId()).setFromPlayerId(playerId)
                .setFromName(player.name()).setText(line).setSentAtMs(nowMs).setClientSequence(clientSequence)
                .build(), 0);
        return RoomResult.ROOM_RESULT_OK;
    }

    /** Records a movement intent, applied on the next tick; each axis is clamped to [-1, 1] per tick. */
    public RoomResult move(long playerId, MoveInput input) {
        Player<C> player = players.get(playerId);
        if (player == null) {
            return RoomResult.ROOM_RESULT_NOT_ENTERED;
        }
        if (player.room == null) {
            return RoomResult.ROOM_RESULT_NOT_IN_ROOM;
        }
        if (Float.isFinite(input.getDx()) && Float.isFinite(input.getDy())) {
            player.pendingDx += input.getDx();
            player.pendingDy += input.getDy();
        }
        player.lastInputSequence = checkedSequence(player, "move", player.lastInputSequence, input.getInputSequence());
        return RoomResult.ROOM_RESULT_OK;
    }

    /**
     * Counts a gap or a repeat in a player's numbered messages and returns the highest number seen.
     * A client numbers from 1, so the first message after {@code last == 0} is expected to be 1.
     */
    private int checkedSequence(Player<C> player, String kind, int last, int sequence) {
        if (Integer.compareUnsigned(sequence, last) <= 0) {
            inputsRepeated.increment();
            sequenceLog.warn("player {}: {} {} repeated", player.name(), kind, Integer.toUnsignedString(sequence));
            return last;
        }
        long skipped = Integer.toUnsignedLong(sequence) - Integer.toUnsignedLong(last) - 1;
        if (skipped > 0) {
            inputsLost.add(skipped);
            if (sequenceLog.admit()) {
                sequenceLog.logger().warn("player {}: {} jumped from {} to {}", player.name(), kind,
                        Integer.toUnsignedString(last), Integer.toUnsignedString(sequence));
            }
        }
        return sequence;
    }

    /** Numbered moves and chat lines that skipped a number: sent by a client, never seen here. */
    public long inputsLost() {
        return inputsLost.sum();
    }

    /** Numbered moves and chat lines whose number had been seen already from that player. */
    public long inputsRepeated() {
        return inputsRepeated.sum();
    }

    /**
     * One simulation step: players whose grace period has run out leave for good, then every room
     * applies its members' inputs, advances its tick and broadcasts its state once.
     */
    public void tick(long nowMs) {
        expireDisconnected(nowMs);
        for (Iterator<Room<C>> it = rooms.values().iterator(); it.hasNext(); ) {
            Room<C> room = it.next();
            if (room.members.isEmpty() && nowMs - room.emptySinceMs >= settings.emptyRoomTtlMs()) {
                it.remove();
                released(room);
            }
        }
        // Published before the tick's broadcasts: a client that has seen tick n lists at least what n saw.
        if (listChanged) {
            listChanged = false;
            RoomInfo[] infos = new RoomInfo[rooms.size()];
            int i = 0;
            for (Room<C> room : rooms.values()) {
                infos[i++] = room.info();
            }
            list = new RoomList(infos);
            events.published(list);
        }
        int inRooms = 0;
        for (Room<C> room : rooms.values()) {
            if (room.members.isEmpty()) {
                continue;
            }
            inRooms += room.members.size();
            room.tick++;
            TickState.Builder state = TickState.newBuilder().setRoomId(room.roomId()).setTick(room.tick);
            for (Player<C> player : room.members.values()) {
                applyInput(player);
                state.addPlayerIds(player.playerId()).addXs(player.x).addYs(player.y)
                        .addLastInputSequences(player.lastInputSequence);
            }
            events.broadcast(room, state.build(), 0);
        }
        seatedAtTick = inRooms;
    }

    private void applyInput(Player<C> player) {
        float dx = clamp(player.pendingDx, -1f, 1f);
        float dy = clamp(player.pendingDy, -1f, 1f);
        player.pendingDx = 0;
        player.pendingDy = 0;
        player.x = clamp(player.x + dx * settings.speedPerTick(), 0, settings.worldSize());
        player.y = clamp(player.y + dy * settings.speedPerTick(), 0, settings.worldSize());
    }

    private void expireDisconnected(long nowMs) {
        for (Iterator<Player<C>> it = players.values().iterator(); it.hasNext(); ) {
            Player<C> player = it.next();
            if (player.endpoint == null && nowMs - player.disconnectedAtMs >= settings.reconnectGraceMs()) {
                if (player.room != null) {
                    removeFromRoom(player);
                }
                it.remove();
            }
        }
    }

    private void removeFromRoom(Player<C> player) {
        Room<C> room = player.room;
        room.members.remove(player.playerId());
        player.room = null;
        listChanged = true;
        if (room.members.isEmpty()) {
            rooms.remove(room.roomId());
            released(room);
        } else {
            events.broadcast(room, MemberLeft.newBuilder().setRoomId(room.roomId()).setPlayerId(player.playerId())
                    .build(), 0);
        }
    }

    /** A removed room no longer counts against its owner's one room. */
    private void released(Room<C> room) {
        listChanged = true;
        Player<C> owner = room.ownerId == 0 ? null : players.get(room.ownerId);
        if (owner != null && owner.ownedRoom == room) {
            owner.ownedRoom = null;
        }
    }

    private static Member member(Player<?> player) {
        return Member.newBuilder().setPlayerId(player.playerId()).setName(player.name()).build();
    }

    private static float clamp(float value, float min, float max) {
        return Math.max(min, Math.min(max, value));
    }

    /**
     * The outcome of {@link #enter} or {@link #reconnect}: what happened, the player (null for
     * NO_SEAT) and the connection the seat was taken from (to be told and closed) or null.
     */
    public record Entered<C>(Outcome outcome, Player<C> player, C replaced) {

        public enum Outcome {
            /** A new seat. */
            ENTERED,
            /** A suspended seat (grace period) is on the new connection. */
            RESUMED,
            /** A live seat moved to the new connection; {@code replaced} is the one it left. */
            DISPLACED,
            /** Refused: the seat belongs to a newer (or the same) login than the ticket's. */
            STALE_LOGIN,
            /** Refused (reconnect): no seat for this player. */
            NO_SEAT,
            /** Refused (reconnect): the token is not the seat's. */
            BAD_RECONNECT_TOKEN
        }

        public boolean accepted() {
            return outcome == Outcome.ENTERED || outcome == Outcome.RESUMED || outcome == Outcome.DISPLACED;
        }
    }
}

package io.gameport.sample.room;

import io.gameport.protocol.sample.ChatBroadcast;
import io.gameport.protocol.sample.CreateRoomResponse;
import io.gameport.protocol.sample.JoinRoomResponse;
import io.gameport.protocol.sample.Member;
import io.gameport.protocol.sample.MemberJoined;
import io.gameport.protocol.sample.MemberLeft;
import io.gameport.protocol.sample.MemberPosition;
import io.gameport.protocol.sample.MoveInput;
import io.gameport.protocol.sample.RoomInfo;
import io.gameport.protocol.sample.RoomResult;
import io.gameport.protocol.sample.TickState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room server's game state: players, rooms, chat, movement and reconnects. Pure and
 * single-threaded: one thread (the {@code RoomLoop}) owns it and calls every method, so the game
 * code takes no locks and everything a room broadcasts leaves in one order.
 *
 * <p>Movement inputs are accumulated as they arrive and applied on the next {@link #tick}; each
 * tick then broadcasts the room's {@link TickState} once. A player whose connection drops stays
 * in its room for the grace period; {@link #enter} with the same player id inside that period
 * hands the place back, after it the player is removed and the room told.
 *
 * @param <C> the server's handle for a player's connection
 */
public final class RoomWorld<C> {

    private final RoomSettings settings;
    private final RoomEvents<C> events;
    private final Map<Long, Player<C>> players = new HashMap<>();
    private final Map<Integer, Room<C>> rooms = new LinkedHashMap<>();
    private int nextRoomId = 1;

    public RoomWorld(RoomSettings settings, RoomEvents<C> events) {
        this.settings = settings;
        this.events = events;
    }

    public RoomSettings settings() {
        return settings;
    }

    /**
     * A player presents a valid ticket on {@code endpoint}. If the player is already known (a
     * reconnect inside the grace period, or a second login) the new endpoint replaces the old one
     * and the player keeps its room and position; the replaced endpoint is returned so the server
     * can close it, or null.
     */
    public Entered<C> enter(long playerId, String name, C endpoint) {
        Player<C> player = players.get(playerId);
        if (player == null) {
            player = new Player<>(playerId, name, endpoint);
            players.put(playerId, player);
            return new Entered<>(player, null, false);
        }
        C replaced = player.endpoint;
        boolean resumed = player.endpoint == null;
        player.endpoint = endpoint;
        player.disconnectedAtMs = -1;
        return new Entered<>(player, replaced, resumed);
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

    public List<RoomInfo> listRooms() {
        List<RoomInfo> list = new ArrayList<>(rooms.size());
        for (Room<C> room : rooms.values()) {
            list.add(room.info());
        }
        return list;
    }

    /** Creates an empty room; {@code capacity} 0 means the default. The creator joins with {@link #join}. */
    public CreateRoomResponse createRoom(String name, int capacity) {
        CreateRoomResponse.Builder response = CreateRoomResponse.newBuilder();
        if (name == null || name.isBlank() || name.length() > settings.maxRoomNameChars()) {
            return response.setResult(RoomResult.ROOM_RESULT_INVALID_ROOM_NAME).build();
        }
        int size = capacity == 0 ? settings.defaultCapacity() : capacity;
        if (size < 1 || size > settings.maxCapacity()) {
            return response.setResult(RoomResult.ROOM_RESULT_INVALID_CAPACITY).build();
        }
        if (rooms.size() >= settings.maxRooms()) {
            return response.setResult(RoomResult.ROOM_RESULT_INVALID_CAPACITY).build();
        }
        Room<C> room = new Room<>(nextRoomId++, name, size);
        rooms.put(room.roomId(), room);
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
        player.room = room;
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
        player.lastInputSequence = input.getInputSequence();
        return RoomResult.ROOM_RESULT_OK;
    }

    /**
     * One simulation step: players whose grace period has run out leave for good, then every room
     * applies its members' inputs, advances its tick and broadcasts its state once.
     */
    public void tick(long nowMs) {
        expireDisconnected(nowMs);
        for (Room<C> room : rooms.values()) {
            room.tick++;
            TickState.Builder state = TickState.newBuilder().setRoomId(room.roomId()).setTick(room.tick);
            for (Player<C> player : room.members.values()) {
                applyInput(player);
                state.addPositions(MemberPosition.newBuilder().setPlayerId(player.playerId()).setX(player.x)
                        .setY(player.y).setLastInputSequence(player.lastInputSequence));
            }
            events.broadcast(room, state.build(), 0);
        }
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
        if (room.members.isEmpty()) {
            rooms.remove(room.roomId());
        } else {
            events.broadcast(room, MemberLeft.newBuilder().setRoomId(room.roomId()).setPlayerId(player.playerId())
                    .build(), 0);
        }
    }

    private static Member member(Player<?> player) {
        return Member.newBuilder().setPlayerId(player.playerId()).setName(player.name()).build();
    }

    private static float clamp(float value, float min, float max) {
        return Math.max(min, Math.min(max, value));
    }

    /**
     * The outcome of {@link #enter}: the player, the endpoint it replaced (to be closed) or null,
     * and whether this resumed a disconnected player inside its grace period.
     */
    public record Entered<C>(Player<C> player, C replaced, boolean resumed) {
    }
}

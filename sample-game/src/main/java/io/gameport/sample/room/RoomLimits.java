package io.gameport.sample.room;

/**
 * Per-session limits on the room server's messages, declared with its handlers (Gameport's
 * per-type limits: decided on the shard from the frame header before decoding; a request over its
 * limit gets {@code ErrorReply{RATE_LIMITED}}, a message is dropped and counted). Each is a token
 * bucket of that many per second with a burst of as many.
 *
 * @param chatPerSecond        {@code ChatMessage}s: a person types a few lines a second
 * @param movesPerTick         {@code MoveInput}s per tick of the room loop (a client sends one per tick)
 * @param listPerSecond        {@code ListRoomsRequest}s: a few pages a second
 * @param roomChangesPerSecond {@code CreateRoomRequest}, {@code JoinRoomRequest}, {@code LeaveRoomRequest} each
 *                             (the world also limits creation per player)
 * @param entersPerSecond      {@code EnterRequest} and {@code ReconnectRequest} each: a connection enters once
 */
public record RoomLimits(int chatPerSecond, int movesPerTick, int listPerSecond, int roomChangesPerSecond,
        int entersPerSecond) {

    public RoomLimits {
        check("chatPerSecond", chatPerSecond);
        check("movesPerTick", movesPerTick);
        check("listPerSecond", listPerSecond);
        check("roomChangesPerSecond", roomChangesPerSecond);
        check("entersPerSecond", entersPerSecond);
    }

    /** Chat 5/s, moves 2 per tick, list 5/s, room changes 5/s, enters 3/s. */
    public static RoomLimits defaults() {
        return new RoomLimits(5, 2, 5, 5, 3);
    }

    public RoomLimits withChatPerSecond(int perSecond) {
        return new RoomLimits(perSecond, movesPerTick, listPerSecond, roomChangesPerSecond, entersPerSecond);
    }

    public RoomLimits withMovesPerTick(int perTick) {
        return new RoomLimits(chatPerSecond, perTick, listPerSecond, roomChangesPerSecond, entersPerSecond);
    }

    public RoomLimits withListPerSecond(int perSecond) {
        return new RoomLimits(chatPerSecond, movesPerTick, perSecond, roomChangesPerSecond, entersPerSecond);
    }

    public RoomLimits withRoomChangesPerSecond(int perSecond) {
        return new RoomLimits(chatPerSecond, movesPerTick, listPerSecond, perSecond, entersPerSecond);
    }

    public RoomLimits withEntersPerSecond(int perSecond) {
        return new RoomLimits(chatPerSecond, movesPerTick, listPerSecond, roomChangesPerSecond, perSecond);
    }

    private static void check(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }
}

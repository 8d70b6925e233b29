package io.gameport.sample.login;

/**
 * Picks the room server a logged-in player is sent to. Called on the login work pool, never on a
 * shard: an implementation may wait for a store, within its own bounded timeout.
 */
interface RoomPlacement {

    /**
     * @param room the room the player asks to go back to ("" for none): an id the room directory
     *             knows (see {@link DirectoryPlacement}); ignored by {@link FixedRoomServer}
     */
    Placement place(long playerId, String room);

    /** One room server for every player: the one-machine setup without a directory. */
    record FixedRoomServer(String host, int port) implements RoomPlacement {
        @Override
        public Placement place(long playerId, String room) {
            return Placement.seat(io.gameport.sample.messages.LoginResult.LOGIN_RESULT_OK, host, port, 0, "");
        }
    }
}

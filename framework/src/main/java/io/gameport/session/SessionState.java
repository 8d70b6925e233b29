package io.gameport.session;

/** Where a session is in its life. Moves only forward: CONNECTED, AUTHENTICATED, CLOSING, CLOSED. */
public enum SessionState {
    /** The connection is open; the game has not authenticated the player yet. */
    CONNECTED,
    /** Game code called {@link Session#markAuthenticated()}. */
    AUTHENTICATED,
    /** A close was asked for or the connection is closing; sends return {@code CLOSED}. */
    CLOSING,
    /** The shard has handled the session's close: no event of it follows. */
    CLOSED
}

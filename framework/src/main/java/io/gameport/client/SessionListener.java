package io.gameport.client;

import io.gameport.net.CloseReason;

/**
 * What becomes of a resumable {@link GameClient}'s session ({@link ClientResumeSettings}): called
 * on an I/O worker or the client's timer thread, one call at a time; do not block. Every method
 * has a default that does nothing.
 */
public interface SessionListener {

    /** The connection dropped ({@code why}); the client is reconnecting. Requests stay pending, sends are kept. */
    default void suspended(GameClient client, CloseReason why) {
    }

    /** The session continues on a new connection; what the server had not received was sent again. */
    default void resumed(GameClient client) {
    }

    /**
     * The session is gone (the grace period passed, the server refused the resume, or closed the
     * session): pending requests failed with {@link ConnectionLostException}; the close listener
     * runs after this. Start over: connect, log in again.
     */
    default void lost(GameClient client, CloseReason why) {
    }
}

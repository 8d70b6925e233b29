package io.gameport.handler;

import java.util.Objects;

/**
 * Policies of the message dispatcher.
 *
 * @param unhandled            what to do with a message no handler is registered for
 * @param closeOnProtocolError close a session whose frame cannot be decoded (after counting and
 *                             logging it); the default, since a peer that sends garbage is either
 *                             broken or hostile, and the stream may no longer be in step
 */
public record HandlerSettings(UnhandledPolicy unhandled, boolean closeOnProtocolError) {
    public HandlerSettings {
        Objects.requireNonNull(unhandled, "unhandled");
    }

    /** Error reply for unhandled messages, close on protocol errors. */
    public static HandlerSettings defaults() {
        return new HandlerSettings(UnhandledPolicy.ERROR_REPLY, true);
    }
}

package io.gameport.handler;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * Policies of the message dispatcher, and the inbound limits it applies to every session before
 * a frame is decoded. Immutable; validated on construction.
 *
 * @param unhandled            what to do with a message no handler is registered for
 * @param closeOnProtocolError close a session whose frame cannot be decoded (after counting and
 *                             logging it); the default, since a peer that sends garbage is either
 *                             broken or hostile, and the stream may no longer be in step
 * @param maxMalformedFrames   a session whose frames fail to decode this many times is closed
 *                             ({@code CloseReason.MALFORMED_FRAMES}) even when {@code closeOnProtocolError}
 *                             is false, so a lenient server cannot be made to decode and log
 *                             garbage forever; at least 1
 * @param maxFramesPerSecond   frames a session may send per second, in bursts of up to as many
 *                             (a token bucket per session); 0 disables
 * @param maxBytesPerSecond    frame payload bytes a session may send per second, in bursts of up
 *                             to as many (a frame larger than that passes only with a full
 *                             bucket); 0 disables
 * @param overLimit            what happens to a frame over either session limit (limits per message
 *                             type carry their own policy)
 * @param messageTypeMeters    register a counter of the frames received and a timer of the handler's
 *                             time for every message type with a handler ({@link MessageMeters});
 *                             off by default: on, every message costs its shard two clock reads and
 *                             the meters' own updates, and the registry gains about twenty series per type
 */
public record HandlerSettings(UnhandledPolicy unhandled, boolean closeOnProtocolError, int maxMalformedFrames,
                              int maxFramesPerSecond, long maxBytesPerSecond, OverLimit overLimit,
                              boolean messageTypeMeters) {

    /** A game client sends tens of frames a second (inputs, pings, chat): ten times that is still a normal peer. */
    public static final int DEFAULT_MAX_FRAMES_PER_SECOND = 1_000;
    /** Sixteen frames of the default 64 KiB maximum per second. */
    public static final long DEFAULT_MAX_BYTES_PER_SECOND = 1L << 20;
    public static final int DEFAULT_MAX_MALFORMED_FRAMES = 3;

    public HandlerSettings {
        Require.set("HandlerSettings.unhandled", unhandled);
        Require.atLeast("HandlerSettings.maxMalformedFrames", maxMalformedFrames, 1);
        Require.offOrInRange("HandlerSettings.maxFramesPerSecond", maxFramesPerSecond, 1, 1_000_000_000);
        Require.offOrInRange("HandlerSettings.maxBytesPerSecond", maxBytesPerSecond, 1, 1_000_000_000L);
        Require.set("HandlerSettings.overLimit", overLimit);
    }

    /**
     * Error reply for unhandled messages, close on protocol errors, close after 3 malformed frames,
     * 1,000 frames and 1 MiB per second per session, over which requests get {@code RATE_LIMITED}
     * and messages are dropped; no meters per message type.
     */
    public static HandlerSettings defaults() {
        return new HandlerSettings(UnhandledPolicy.ERROR_REPLY, true, DEFAULT_MAX_MALFORMED_FRAMES, DEFAULT_MAX_FRAMES_PER_SECOND,
                DEFAULT_MAX_BYTES_PER_SECOND, OverLimit.REPLY_ERROR, false);
    }

    public HandlerSettings withUnhandled(UnhandledPolicy value) {
        return Records.with(this, "unhandled", value);
    }

    public HandlerSettings withCloseOnProtocolError(boolean value) {
        return Records.with(this, "closeOnProtocolError", value);
    }

    public HandlerSettings withMaxMalformedFrames(int value) {
        return Records.with(this, "maxMalformedFrames", value);
    }

    public HandlerSettings withMaxFramesPerSecond(int value) {
        return Records.with(this, "maxFramesPerSecond", value);
    }

    public HandlerSettings withMaxBytesPerSecond(long value) {
        return Records.with(this, "maxBytesPerSecond", value);
    }

    public HandlerSettings withOverLimit(OverLimit value) {
        return Records.with(this, "overLimit", value);
    }

    public HandlerSettings withMessageTypeMeters(boolean value) {
        return Records.with(this, "messageTypeMeters", value);
    }
}

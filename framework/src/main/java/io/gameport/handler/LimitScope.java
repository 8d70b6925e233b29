package io.gameport.handler;

/** Which bucket a frame found empty. */
public enum LimitScope {
    /** The limit declared for the frame's message type ({@code on.message(...).limit(...)}). */
    MESSAGE_TYPE,
    /** The session's frames-per-second limit ({@link HandlerSettings#maxFramesPerSecond()}). */
    SESSION_FRAMES,
    /** The session's bytes-per-second limit ({@link HandlerSettings#maxBytesPerSecond()}). */
    SESSION_BYTES
}

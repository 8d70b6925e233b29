package io.gameport.dispatch;

import io.gameport.net.CloseReason;
import io.gameport.session.Session;
import java.nio.ByteBuffer;

/**
 * What a shard does with a session's events. One instance serves every shard; each call runs on
 * the session's shard thread, so for one session the calls are sequential and in arrival order
 * ({@code onOpen}, its frames, {@code onClose}) and game state owned by a session or a shard
 * needs no lock. Calls must not block: a blocked shard stalls every session mapped to it.
 *
 * <p>The Protobuf pipeline's implementation is {@link io.gameport.handler.MessageDispatcher};
 * the echo benchmark binds one that sends the bytes back.
 */
public interface FrameProcessor {

    default void onOpen(Session session) {
    }

    /**
     * One frame's payload (length prefix removed), position 0 to its length. The buffer belongs to
     * the ring slot and is reused once this call returns: copy or decode what must be kept.
     */
    void onFrame(Session session, ByteBuffer payload);

    /**
     * A resumable session's connection dropped: the session is suspended and may resume (then
     * {@link #onResume}) or, after its grace period, close ({@link #onClose}).
     */
    default void onSuspend(Session session) {
    }

    /** A suspended session continues on a new connection; its frames follow. */
    default void onResume(Session session) {
    }

    /** The session's connection closed; no frame of this session follows. */
    default void onClose(Session session, CloseReason reason) {
    }
}

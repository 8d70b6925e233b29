package io.gameport.net;

import java.nio.ByteBuffer;

/**
 * What the application does with a connection's frames. All three callbacks run on the
 * connection's I/O worker thread, in order: one {@code onOpen}, the frames, one {@code onClose}.
 * They must not block: hand slow work to another thread (the dispatch layer does).
 */
public interface ConnectionHandler {

    default void onOpen(Connection connection) {
    }

    /**
     * One complete frame's payload (the 4-byte length already removed), from position to limit.
     * The buffer is only valid during this call and must not be modified: copy what you keep.
     */
    void onFrame(Connection connection, ByteBuffer payload);

    /** Called exactly once, when the connection starts closing, whoever closed it. */
    default void onClose(Connection connection, CloseReason reason) {
    }
}

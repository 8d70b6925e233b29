package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.session.Session;

/**
 * Handles one message type that expects no response. Runs on the session's shard thread.
 * Whatever it throws is logged with the session and message type, counted, and the shard goes on.
 */
@FunctionalInterface
public interface MessageHandler<M extends Message> {
    void handle(Session session, M message) throws Exception;
}

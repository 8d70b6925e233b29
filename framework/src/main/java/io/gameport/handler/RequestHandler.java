package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.session.Session;

/**
 * Handles one request type: the returned message is sent back as the response, carrying the
 * request's id, so the client's pending future completes with it. Return null to send nothing
 * (e.g. the answer is sent later with {@link Session#reply(int, Message)}). If it throws, the
 * client gets an {@code ErrorReply} with code {@code INTERNAL_ERROR} and the same request id;
 * the details stay in the server log. Runs on the session's shard thread.
 */
@FunctionalInterface
public interface RequestHandler<M extends Message> {
    Message handle(Session session, M request) throws Exception;
}

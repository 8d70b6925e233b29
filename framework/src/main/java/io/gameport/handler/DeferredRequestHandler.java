package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.session.Session;

/**
 * Handles one request type whose answer is sent later by the game itself, from the thread that
 * owns the answer: typically a game loop, which must send a request's response and its own
 * broadcasts from one thread so that they reach the client in order (sends from a shard and from
 * another thread are not ordered, see {@link Session}). The handler runs on the session's shard
 * thread, hands the work on with {@code requestId}, and returns; the owner answers with
 * {@link Session#reply(int, Message) session.reply(requestId, response)}. If the handler itself
 * throws, the client gets {@code ErrorReply{INTERNAL_ERROR}} as with {@link RequestHandler}.
 * When the answer comes from a {@code CompletionStage} instead, use {@link AsyncRequestHandler}.
 */
@FunctionalInterface
public interface DeferredRequestHandler<M extends Message> {
    void handle(Session session, M request, int requestId) throws Exception;
}

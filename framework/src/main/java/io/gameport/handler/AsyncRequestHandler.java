package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.session.Session;
import java.util.concurrent.CompletionStage;

/**
 * Handles one request type whose answer is not ready on the shard: slow work (password hashing,
 * SQL) handed to a bounded pool, or a command queued on a game loop. The handler runs on the
 * session's shard thread and returns at once; when the stage completes, on whatever thread
 * completes it, its message is sent as the response with the request's id (a null message sends
 * nothing). A handler that throws, or a stage that completes exceptionally, is logged, counted
 * as a handler error, and answered with {@code ErrorReply{INTERNAL_ERROR}}, like a
 * {@link RequestHandler} that throws.
 *
 * <p>Order: the response leaves from the completing thread, so it is not ordered with sends
 * made meanwhile on the shard (see {@link Session}).
 */
@FunctionalInterface
public interface AsyncRequestHandler<M extends Message> {
    CompletionStage<? extends Message> handle(Session session, M request) throws Exception;
}

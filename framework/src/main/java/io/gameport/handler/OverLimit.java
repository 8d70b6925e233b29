package io.gameport.handler;

/**
 * What the server does with a frame that finds its rate limit's bucket empty. Decided on the
 * session's shard from the frame's header, before its body is decoded; every case is counted
 * ({@link LimitMetrics}) and logged through a rate-limited log.
 */
public enum OverLimit {
    /** The frame is dropped: its handler never sees it, nothing is answered. */
    DROP,
    /**
     * A request (request id in the header) is answered with {@code ErrorReply{ERROR_CODE_RATE_LIMITED}}
     * carrying its request id; a one-way message is dropped as with {@link #DROP}.
     */
    REPLY_ERROR,
    /** The session is sent {@code Disconnect{ERROR_CODE_RATE_LIMITED}} and closed ({@code CloseReason.RATE_LIMITED}). */
    CLOSE
}

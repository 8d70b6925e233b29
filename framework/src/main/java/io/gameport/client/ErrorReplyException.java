package io.gameport.client;

import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;

/** The server answered a request with an {@link ErrorReply} instead of a response. */
public final class ErrorReplyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ErrorReply reply;

    ErrorReplyException(ErrorReply reply) {
        super(reply.getCode() + ": " + reply.getReason());
        this.reply = reply;
    }

    public ErrorCode code() {
        return reply.getCode();
    }

    public ErrorReply reply() {
        return reply;
    }
}

package io.gameport.session;

import io.gameport.protocol.messages.ErrorCode;

/** Why a {@code Resume} was refused; each kind is counted ({@link Resumption#refusals(Refusal)}) and answered with its code. */
public enum Refusal {
    /** Not a token this server made: wrong length or version, or a signature that does not match. */
    FORGED(ErrorCode.ERROR_CODE_RESUME_REFUSED),
    /** A token made for another server id. */
    WRONG_SERVER(ErrorCode.ERROR_CODE_RESUME_REFUSED),
    /** The token's lifetime had passed. */
    EXPIRED(ErrorCode.ERROR_CODE_SESSION_EXPIRED),
    /** An older token of the session: it was rotated by a resume or renewal (a replay, or a copy). */
    ROTATED(ErrorCode.ERROR_CODE_RESUME_REFUSED),
    /** The session is closed: it ended on purpose or for an error, or the server forgot it. */
    SESSION_CLOSED(ErrorCode.ERROR_CODE_RESUME_REFUSED),
    /** The session's grace period passed before the resume came. */
    GRACE_EXPIRED(ErrorCode.ERROR_CODE_SESSION_EXPIRED),
    /** The session was closed because its backlog passed the send quota. */
    BACKLOG_EXCEEDED(ErrorCode.ERROR_CODE_BACKLOG_EXCEEDED),
    /** The frame was not a well-formed {@code Resume}, or its count is above what the server sent. */
    MALFORMED(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);

    private final ErrorCode code;

    Refusal(ErrorCode code) {
        this.code = code;
    }

    /** The {@code Disconnect.code} the refusal is answered with. */
    public ErrorCode code() {
        return code;
    }
}

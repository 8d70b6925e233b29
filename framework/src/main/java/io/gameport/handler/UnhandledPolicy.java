package io.gameport.handler;

/** What the server does with a well-formed message of a registered type that no handler takes. Always counted and logged. */
public enum UnhandledPolicy {
    /** Nothing more. */
    IGNORE,
    /** Answer with {@code ErrorReply{UNKNOWN_MESSAGE}} (with the request id when it was a request). */
    ERROR_REPLY,
    /** Close the session ({@code PROTOCOL_ERROR}). */
    CLOSE
}

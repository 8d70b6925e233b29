package io.gameport.transport.scripted;

/** The kinds of operation a framework starts on a {@link ScriptedPort}. */
public enum OpKind {
    ACCEPT,
    CONNECT,
    RECEIVE,
    SEND,
    CANCEL,
    CLOSE,
    CLOSE_LISTENER
}

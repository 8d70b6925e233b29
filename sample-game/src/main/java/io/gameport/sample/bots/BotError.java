package io.gameport.sample.bots;

/** What a bot counts as an error; any of these makes a soak fail. */
public enum BotError {
    /** A frame that did not decode, or a reply of the wrong type. */
    PROTOCOL_ERROR,
    /** A tick or a chat line skipped (sequence jumped forward). */
    LOST_MESSAGE,
    /** A tick or a chat line older than one already seen. */
    REORDERED_MESSAGE,
    /** The server refused a step the bot expected to succeed (bad ticket, login refused...). */
    REFUSED,
    /** The room server closed the connection while the bot was playing. */
    UNEXPECTED_DISCONNECT,
    /** Could not connect after every retry. */
    CONNECT_FAILED
}

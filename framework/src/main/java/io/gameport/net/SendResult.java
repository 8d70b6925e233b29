package io.gameport.net;

/** The outcome of {@link Connection#send}. */
public enum SendResult {
    /** Queued; its quota is returned when the kernel has taken its last byte or the connection closes. */
    QUEUED,
    /** Over quota with policy REJECT: nothing was queued. */
    REJECTED,
    /** Over quota with policy DROP: nothing was queued. */
    DROPPED,
    /** Over quota with policy DISCONNECT: nothing was queued and the connection is closing. */
    DISCONNECTED,
    /** The connection is closing or closed: nothing was queued. */
    CLOSED
}

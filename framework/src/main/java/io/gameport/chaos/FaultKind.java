package io.gameport.chaos;

/** The faults {@link FaultProxy} injects into one proxied connection. */
public enum FaultKind {
    /** Both sockets closed with {@code SO_LINGER 0}: each end sees a reset (or end of stream). */
    RESET,
    /**
     * Forwarding stops in both directions and nothing is closed: the half-open case of a pulled
     * cable. The proxy stops reading, so a sender's bytes back up in the kernel as they would
     * behind a dead path.
     */
    BLACK_HOLE,
    /** Added latency: bytes read from one end are forwarded no earlier than the delay later. */
    DELAY,
    /** One direction forwards a chosen number of further bytes (a prefix), then both ends are reset. */
    CUT
}

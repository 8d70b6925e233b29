package io.gameport.sample.hostile;

/** How a peer's connection ended, as the peer sees it. */
public enum PeerFate {
    /** The server closed it: a read returned end of stream. */
    CLOSED,
    /** The server reset it (connection reset by peer, broken pipe). */
    RESET,
    /** Still open when the wait ended. */
    OPEN;

    /** Closed either way: what "the server dropped this peer" means to a peer. */
    public boolean ended() {
        return this != OPEN;
    }
}

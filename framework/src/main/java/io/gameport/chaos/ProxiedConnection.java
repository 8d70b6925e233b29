package io.gameport.chaos;

import java.net.InetSocketAddress;

/**
 * A live proxied connection as {@link FaultProxy#connections()} saw it.
 *
 * @param id              the proxy's id for it (the argument of the fault methods)
 * @param ordinal         its accept order from 0: the index of its plan in the {@link FaultSchedule}
 * @param client          the client's address (the client socket's local address)
 * @param upstreamLocal   the proxy's end of the upstream connection: the address the server sees as its peer
 * @param state           where it is
 * @param latencyMillis   latency currently added to both directions (0: none)
 * @param bytesToServer   bytes forwarded from the client to the server
 * @param bytesToClient   bytes forwarded from the server to the client
 */
public record ProxiedConnection(long id, long ordinal, InetSocketAddress client, InetSocketAddress upstreamLocal,
                                State state, long latencyMillis, long bytesToServer, long bytesToClient) {

    public enum State {
        /** Accepted; the upstream connect is under way. */
        CONNECTING,
        /** Forwarding both ways (possibly with latency). */
        FORWARDING,
        /** Held open, forwarding nothing, until {@link FaultProxySettings#blackHoleHoldMillis()} passes. */
        BLACK_HOLED
    }
}

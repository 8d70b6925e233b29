package io.gameport.net;

import io.gameport.log.RateLimitedLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection caps of one listening worker: accepted connections open in total
 * ({@link TransportSettings#maxConnections()}) and per remote address
 * ({@link TransportSettings#maxConnectionsPerAddress()}). A socket over a cap is closed at accept
 * ({@link CloseReason#MAX_CONNECTIONS} or {@link CloseReason#MAX_CONNECTIONS_PER_ADDRESS}),
 * counted, and logged at most the peer-log rate's lines a second; the listener goes on.
 * Loopback is not exempt: bots on one machine need the per-address cap raised.
 *
 * <p>A connection counts from its accept until it is released (its socket closed and its last
 * completion reaped). Owned by the listening worker's thread: admissions happen there, and
 * releases on other workers reach it as commands, so the counts need no lock.
 */
final class ConnectionAdmission {


    private final int maxConnections;
    private final int maxPerAddress;
    private final Map<InetAddress, int[]> perAddress = new HashMap<>();
    private final RateLimitedLog refusalLog;
    private int open;

    ConnectionAdmission(int maxConnections, int maxPerAddress, RateLimitedLog refusalLog) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.refusalLog = refusalLog;
    }

    /** Counts the connection in, or returns why it is refused (nothing counted). Listening worker only. */
    CloseReason admit(InetSocketAddress remote) {
        if (open >= maxConnections) {
            logRefusal(remote, CloseReason.MAX_CONNECTIONS, open, maxConnections);
            return CloseReason.MAX_CONNECTIONS;
        }
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address != null) {
            int[] count = perAddress.get(address);
            if (count == null) {
                perAddress.put(address, new int[] {1});
            } else if (count[0] >= maxPerAddress) {
                logRefusal(remote, CloseReason.MAX_CONNECTIONS_PER_ADDRESS, count[0], maxPerAddress);
                return CloseReason.MAX_CONNECTIONS_PER_ADDRESS;
            } else {
                count[0]++;
            }
        }
        open++;
        return null;
    }

    /** An admitted connection was released. Listening worker only. */
    void release(InetAddress address) {
        open--;
        if (address != null) {
            int[] count = perAddress.get(address);
            if (count != null && --count[0] == 0) {
                perAddress.remove(address);
            }
        }
    }

    int open() {
        return open;
    }

    int openFrom(InetAddress address) {
        int[] count = perAddress.get(address);
        return count == null ? 0 : count[0];
    }

    private void logRefusal(InetSocketAddress remote, CloseReason reason, int count, int cap) {
        if (refusalLog.admit()) {
            refusalLog.logger().warn("refused connection from {}: {} ({} open, cap {})", remote, reason, count, cap);
        }
    }
}

package io.gameport.net;

import io.gameport.log.PeerLogs;
import io.gameport.log.RateLimitedLog;
import io.gameport.time.NanoClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection caps of one listening worker: accepted connections open in total
 * ({@link TransportConfig#maxConnections()}) and per remote address
 * ({@link TransportConfig#maxConnectionsPerAddress()}). A socket over a cap is closed at accept
 * ({@link CloseReason#MAX_CONNECTIONS} or {@link CloseReason#MAX_CONNECTIONS_PER_ADDRESS}),
 * counted, and logged at most {@link #LOG_LINES_PER_SECOND} lines a second; the listener goes on.
 * Loopback is not exempt: bots on one machine need the per-address cap raised.
 *
 * <p>A connection counts from its accept until it is released (its socket closed and its last
 * completion reaped). Owned by the listening worker's thread: admissions happen there, and
 * releases on other workers reach it as commands, so the counts need no lock.
 */
final class ConnectionAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAdmission.class);
    static final int LOG_LINES_PER_SECOND = PeerLogs.DEFAULT_LINES_PER_SECOND;

    private final int maxConnections;
    private final int maxPerAddress;
    private final Map<InetAddress, int[]> perAddress = new HashMap<>();
    private final RateLimitedLog refusalLog = new RateLimitedLog(LOG, "refused connections", LOG_LINES_PER_SECOND, 1,
            TimeUnit.SECONDS, NanoClock.SYSTEM);
    private int open;

    ConnectionAdmission(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
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
            LOG.warn("refused connection from {}: {} ({} open, cap {})", remote, reason, count, cap);
        }
    }
}

package io.gameport.sample.soak;

import java.net.InetSocketAddress;

/**
 * One soak run. With {@code login} null the runner starts its own login and room servers in
 * this process; otherwise the bots go to the given login server.
 *
 * @param seconds        the steady-state window, counted from the moment every bot is in a room
 * @param hashIterations PBKDF2 iterations of the in-process login server (production by default)
 * @param maxConnections the in-process servers' connection cap, or 0 for enough for the bots
 * @param maxConnectionsPerAddress the in-process servers' per-address cap, or 0 for enough for the
 *                       bots (they all come from 127.0.0.1, which is not exempt)
 * @param roomServers    room servers started in this process; more than one share a room directory
 * @param redis          that directory on this Redis (other processes' room servers registered there
 *                       take bots too), or null: in process (with more than one room server)
 * @param chaos          drops injected into the bots' room connections, or null for none: a fault proxy
 *                       in front of the one room server started here, or, with {@code login}, in front
 *                       of each room server that login server names
 */
public record SoakOptions(int bots, int seconds, int roomSize, int tickHz, int chatEveryMs, int hashIterations,
        InetSocketAddress login, String namePrefix, int progressEverySeconds, int workers, String backend,
        int maxConnections, int maxConnectionsPerAddress, int roomServers, String redis, SoakChaos chaos) {

    public SoakOptions {
        if (bots < 1 || seconds < 1 || roomSize < 1 || tickHz < 1 || chatEveryMs < 1 || hashIterations < 1
                || progressEverySeconds < 1 || workers < 1 || maxConnections < 0 || maxConnectionsPerAddress < 0
                || roomServers < 1) {
            throw new IllegalArgumentException("soak options out of range");
        }
        if (chaos != null && (roomServers > 1 || redis != null)) {
            throw new IllegalArgumentException("chaos proxies one room server started here (or those a given login server"
                    + " names), not several behind a directory");
        }
    }

    /** Without chaos. */
    public SoakOptions(int bots, int seconds, int roomSize, int tickHz, int chatEveryMs, int hashIterations,
            InetSocketAddress login, String namePrefix, int progressEverySeconds, int workers, String backend,
            int maxConnections, int maxConnectionsPerAddress, int roomServers, String redis) {
        this(bots, seconds, roomSize, tickHz, chatEveryMs, hashIterations, login, namePrefix, progressEverySeconds, workers,
                backend, maxConnections, maxConnectionsPerAddress, roomServers, redis, null);
    }

    /** With one room server and no directory. */
    public SoakOptions(int bots, int seconds, int roomSize, int tickHz, int chatEveryMs, int hashIterations,
            InetSocketAddress login, String namePrefix, int progressEverySeconds, int workers, String backend,
            int maxConnections, int maxConnectionsPerAddress) {
        this(bots, seconds, roomSize, tickHz, chatEveryMs, hashIterations, login, namePrefix, progressEverySeconds, workers,
                backend, maxConnections, maxConnectionsPerAddress, 1, null, null);
    }

    public SoakOptions withChaos(SoakChaos value) {
        return new SoakOptions(bots, seconds, roomSize, tickHz, chatEveryMs, hashIterations, login, namePrefix,
                progressEverySeconds, workers, backend, maxConnections, maxConnectionsPerAddress, roomServers, redis, value);
    }

    /** A room directory links the servers started here: several of them, or one on Redis. */
    public boolean directory() {
        return roomServers > 1 || redis != null;
    }
}

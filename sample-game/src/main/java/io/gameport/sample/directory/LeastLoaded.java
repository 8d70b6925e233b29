package io.gameport.sample.directory;

import java.util.Comparator;

/**
 * The placement order for a new room: the lowest fraction of capacity used first, then fewer
 * rooms, then the lower server id (so equal servers are filled in a stable order). The Redis
 * implementation's placement script applies the same order.
 */
final class LeastLoaded {

    static final Comparator<ServerInfo> ORDER = LeastLoaded::compare;

    private LeastLoaded() {
    }

    private static int compare(ServerInfo a, ServerInfo b) {
        // used_a / cap_a against used_b / cap_b, cross-multiplied in longs: exact, no rounding.
        long left = (long) a.seatsUsed() * b.registration().capacity();
        long right = (long) b.seatsUsed() * a.registration().capacity();
        if (left != right) {
            return Long.compare(left, right);
        }
        if (a.load().rooms() != b.load().rooms()) {
            return Integer.compare(a.load().rooms(), b.load().rooms());
        }
        return a.registration().serverId().compareTo(b.registration().serverId());
    }
}

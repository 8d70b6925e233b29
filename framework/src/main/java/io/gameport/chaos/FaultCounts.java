package io.gameport.chaos;

/**
 * What a {@link FaultProxy} has done since it started: faults injected by kind (a cut counts when
 * its prefix has been forwarded and the reset sent), and the connections it handled.
 *
 * @param resets              {@link FaultKind#RESET}s injected
 * @param blackHoles          {@link FaultKind#BLACK_HOLE}s injected
 * @param delays              {@link FaultKind#DELAY}s injected (latency switched on)
 * @param cuts                {@link FaultKind#CUT}s completed
 * @param accepted            client connections accepted and forwarded
 * @param upstreamFailures    client connections reset because the upstream connect failed
 * @param refusedOverCap      client connections reset at accept because {@link FaultProxySettings#maxConnections()} were live
 * @param blackHolesReleased  black-holed connections reset after their hold time
 */
public record FaultCounts(long resets, long blackHoles, long delays, long cuts, long accepted,
                          long upstreamFailures, long refusedOverCap, long blackHolesReleased) {

    /** Faults of {@code kind} injected. */
    public long of(FaultKind kind) {
        switch (kind) {
            case RESET:
                return resets;
            case BLACK_HOLE:
                return blackHoles;
            case DELAY:
                return delays;
            case CUT:
                return cuts;
            default:
                throw new IllegalArgumentException("unknown fault kind " + kind);
        }
    }

    /** The counts of two proxies added up (several proxies in one run: one per upstream). */
    public FaultCounts plus(FaultCounts other) {
        return new FaultCounts(resets + other.resets, blackHoles + other.blackHoles, delays + other.delays,
                cuts + other.cuts, accepted + other.accepted, upstreamFailures + other.upstreamFailures,
                refusedOverCap + other.refusedOverCap, blackHolesReleased + other.blackHolesReleased);
    }

        /** Resets, black holes and cuts: the faults that end a connection. */
    public long drops() {
        return resets + blackHoles + cuts;
    }
}

package io.gameport.handler;

/**
 * What the dispatcher keeps per session for its inbound limits: one {@link TokenBucket} state per
 * bucket (the session's frames and bytes, then one per limited message type) and the count of
 * malformed frames. Allocated once per session; touched only by the session's shard thread.
 */
final class SessionLimits {

    static final int FRAMES = 0;
    static final int BYTES = 1;
    static final int FIRST_TYPE = 2;

    final long[] fullAt;
    int malformedFrames;
    /**
     * The dispatcher closed this session (over a limit, malformed frames): the frames still in the
     * ring behind the one that closed it are skipped, neither decoded nor counted again.
     */
    boolean closing;

    SessionLimits(int limitedTypes, long now) {
        fullAt = new long[FIRST_TYPE + limitedTypes];
        java.util.Arrays.fill(fullAt, now);
    }
}

package io.gameport.net;

/**
 * The heap one I/O worker's connections hold in partly received frames (assembly buffers), against
 * the worker's budget ({@link TransportSettings#maxPartialFrameBytesPerWorker()}). Decoders charge
 * and refund as their buffers grow, complete or are dropped; after each receive the worker checks
 * {@link #exceeded()} and closes the connection holding the most ({@link CloseReason#PARTIAL_FRAME_BUDGET})
 * until the worker is back under budget. So peers that announce large frames and trickle them in
 * cost at most the budget (plus one receive's growth) per worker, whatever lengths they announce.
 *
 * <p>Worker thread only: plain fields, no locks. {@link #heldBytes()} read elsewhere is a hint.
 */
final class PartialFrameBudget {

    /** A budget that never fires, for decoders used outside a worker (tests). */
    static PartialFrameBudget unlimited() {
        return new PartialFrameBudget(Long.MAX_VALUE);
    }

    private final long maxBytes;
    private long heldBytes;

    PartialFrameBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void charge(int bytes) {
        heldBytes += bytes;
    }

    void refund(int bytes) {
        heldBytes -= bytes;
    }

    boolean exceeded() {
        return heldBytes > maxBytes;
    }

    long heldBytes() {
        return heldBytes;
    }

    long maxBytes() {
        return maxBytes;
    }
}

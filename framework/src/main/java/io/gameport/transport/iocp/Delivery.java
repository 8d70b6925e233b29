package io.gameport.transport.iocp;

import io.gameport.transport.CompletionHandler;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands completions to the caller's handler during one {@link IocpPort#poll}, counting them, and
 * ends operations: an operation's slot is freed before its completion is delivered, so the
 * handler may start a new operation in it.
 *
 * <p>Owner thread only.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(IocpPort.class);

    private final OperationSlab slab;
    private final IocpSockets sockets;
    private CompletionHandler handler;
    private int delivered;

    Delivery(OperationSlab slab, IocpSockets sockets) {
        this.slab = slab;
        this.sockets = sockets;
    }

    /** A poll begins: completions go to {@code handler} until {@link #end()}. */
    void begin(CompletionHandler handler) {
        this.handler = handler;
        this.delivered = 0;
    }

    /** Completions delivered since {@link #begin}. */
    int delivered() {
        return delivered;
    }

    void end() {
        this.handler = null;
    }

    /** Ends a slot's operation: the slot is freed first, so the handler may start a new one in it. */
    void finish(int slot, long result) {
        long token = slab.token[slot];
        sockets.unlink(slot);
        slab.free(slot);
        deliver(token, result, 0, null);
    }

    void deliver(long token, long result, int flags, ByteBuffer data) {
        delivered++;
        try {
            handler.onCompletion(token, result, flags, data);
        } catch (RuntimeException e) {
            // A failing handler must not strand the rest of the batch: their slots would never be freed.
            LOG.error("iocp: completion handler failed for token {} (result {})", token, result, e);
        }
    }
}

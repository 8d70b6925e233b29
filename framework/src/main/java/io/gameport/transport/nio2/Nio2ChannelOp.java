package io.gameport.transport.nio2;

import io.gameport.transport.Completions;

/**
 * A channel's reusable operation record that is also its own NIO2 completion handler, so starting
 * the operation allocates nothing. Subclasses say what a success means in {@link #completed};
 * a failure and the hand-over to the owner are the same for every kind.
 *
 * <p>Threads: {@link #start} and {@link #busy} belong to the owner thread; {@code completed} and
 * {@link #failed} run on an NIO2 group thread (or on the owner when starting threw).
 *
 * @param <V> the NIO2 result type of the operation
 * @param <C> the channel passed as the NIO2 attachment
 */
abstract class Nio2ChannelOp<V, C extends Nio2Channel> extends Nio2Completion
        implements java.nio.channels.CompletionHandler<V, C> {

    /** Started and not delivered yet. Owner thread only. */
    boolean busy;

    void start(Nio2Port startingPort, long startToken) {
        busy = true;
        port = startingPort;
        token = startToken;
    }

    @Override
    public final void failed(Throwable failure, C channel) {
        result = Completions.failure(Nio2Errors.errno(failure));
        finish(channel);
    }

    /**
     * Queues this record for the owner, then ends the channel's operation: in that order, so a
     * close completion queued by the decrement always comes after this one.
     */
    final void finish(C channel) {
        port.enqueue(this);
        channel.endOperation();
    }
}

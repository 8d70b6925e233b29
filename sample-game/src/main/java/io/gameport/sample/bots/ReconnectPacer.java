package io.gameport.sample.bots;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long a bot waits before it connects again after a connection of its dropped: a {@link Backoff}
 * in the drops since it last got a ticket or a seat. Without it a crowd dropped by an overloaded
 * server comes back at once, each new TLS handshake joins the queue of unfinished ones, the
 * queue outlasts the clients' patience, and they drop and come back again: the load never falls.
 * Spread out and growing, the reconnects let the server finish what it started.
 */
final class ReconnectPacer {

    /** From 100 ms doubling to 5 s, plus up to as much again at random. */
    static final Backoff AFTER_DROP = new Backoff(100, 5_000);

    private final Backoff backoff;
    private final AtomicInteger dropsInARow = new AtomicInteger();

    ReconnectPacer(Backoff backoff) {
        this.backoff = backoff;
    }

    /** Counts a drop; the wait before the next connect, given a uniform random {@code draw} in [0, 1). */
    long afterDropMs(double draw) {
        return backoff.delayMs(dropsInARow.incrementAndGet(), 0, draw);
    }

    /** The bot got where it was going (a ticket, a seat): the next drop waits the shortest again. */
    void reset() {
        dropsInARow.set(0);
    }
}

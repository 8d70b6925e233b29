package io.gameport.sample.room;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of tickets that have entered, each kept until its ticket expires, so a ticket enters
 * once: presented again (replayed, or stolen and raced), it is refused. At most {@code capacity}
 * ids (about 100 bytes each); when that many unexpired tickets have entered, further enters are
 * refused as busy until some expire, rather than forgetting an id and letting its ticket in twice.
 * Room loop thread only.
 */
final class UsedTickets {

    enum Outcome {
        /** First use: recorded. */
        FIRST_USE,
        /** Already entered once. */
        ALREADY_USED,
        /** Memory full of unexpired tickets: not recorded, the enter must be refused. */
        FULL,
        /** Expired by the time the loop saw it (its id may already be forgotten): refused. */
        EXPIRED
    }

    private final int capacity;
    /** Ticket id to expiry (epoch ms), in the order they entered: with one ticket lifetime that is about expiry order. */
    private final Map<Long, Long> used = new LinkedHashMap<>();
    private final AtomicLong refusedFull = new AtomicLong();

    UsedTickets(int capacity) {
        this.capacity = capacity;
    }

    Outcome use(long ticketId, long expiresAtMs, long nowMs) {
        forgetExpired(nowMs);
        if (expiresAtMs <= nowMs) {
            return Outcome.EXPIRED;
        }
        if (used.containsKey(ticketId)) {
            return Outcome.ALREADY_USED;
        }
        if (used.size() >= capacity) {
            refusedFull.incrementAndGet();
            return Outcome.FULL;
        }
        used.put(ticketId, expiresAtMs);
        return Outcome.FIRST_USE;
    }

    int size() {
        return used.size();
    }

    /** Enters refused because the memory was full (any thread). */
    long refusedFull() {
        return refusedFull.get();
    }

    /** Drops expired ids from the oldest end; stops at the first live one (amortised O(1) per call). */
    private void forgetExpired(long nowMs) {
        for (Iterator<Long> it = used.values().iterator(); it.hasNext(); ) {
            if (it.next() > nowMs) {
                return;
            }
            it.remove();
        }
    }
}

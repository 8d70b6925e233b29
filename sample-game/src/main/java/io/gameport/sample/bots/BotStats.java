package io.gameport.sample.bots;

import io.gameport.sample.metrics.LatencyHistogram;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters every bot of a fleet adds to, from any thread. */
public final class BotStats {
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder busyRetries = new LongAdder();
    final LongAdder resumes = new LongAdder();
    final LongAdder resumeFailures = new LongAdder();
    final LongAdder droppedBeforeResumable = new LongAdder();
    final AtomicInteger loggedIn = new AtomicInteger();
    final AtomicInteger inRoom = new AtomicInteger();
    final LatencyHistogram rtt = new LatencyHistogram();
    /** The room servers bots were sent to (a few addresses; added once per login). */
    private final java.util.Set<java.net.InetSocketAddress> roomServers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final LongAdder backoffWaitMs = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLong shortestBackoffMs = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    private final Map<BotError, LongAdder> errors = new EnumMap<>(BotError.class);

    public BotStats() {
        for (BotError kind : BotError.values()) {
            errors.put(kind, new LongAdder());
        }
    }

    void error(BotError kind) {
        errors.get(kind).increment();
    }

    /** Messages the bots sent (client to server). */
    public long sent() {
        return sent.sum();
    }

    /** Messages the bots received (server to client). */
    public long received() {
        return received.sum();
    }

    public long disconnects() {
        return disconnects.sum();
    }

    /** Room sessions a bot's client resumed after its connection dropped (nothing lost, nothing twice). */
    public long resumes() {
        return resumes.sum();
    }

    /** Room sessions lost for good (the resume was refused or its grace period passed): the bot started over. */
    public long resumeFailures() {
        return resumeFailures.sum();
    }

    /**
     * Room connections a fault proxy dropped before their session was resumable (before the Enter was
     * answered): the bot entered again. Counted only when the fleet expects dropped room connections;
     * otherwise such a drop is an unexpected disconnect.
     */
    public long droppedBeforeResumable() {
        return droppedBeforeResumable.sum();
    }

    /** Ticks and chat lines a bot saw skipped (a sequence number jumped forward). */
    public long lost() {
        return errors(BotError.LOST_MESSAGE);
    }

    /** Ticks and chat lines at or below a number already seen from the same source: duplicates (or late ones). */
    public long duplicated() {
        return errors(BotError.REORDERED_MESSAGE);
    }

    /** Times a bot was told "busy" or "rate limited" and waited to retry (not errors). */
    public long busyRetries() {
        return busyRetries.sum();
    }

    /** A bot waits {@code waitMs} before retrying a refused request. */
    void backedOff(long waitMs) {
        busyRetries.increment();
        backoffWaitMs.add(waitMs);
        shortestBackoffMs.accumulateAndGet(waitMs, Math::min);
    }

    /** Milliseconds bots spent waiting out refusals, summed. */
    public long backoffWaitMs() {
        return backoffWaitMs.sum();
    }

    /** The shortest wait before a retry so far (Long.MAX_VALUE before any). */
    public long shortestBackoffMs() {
        return shortestBackoffMs.get();
    }

    /** Login (any thread): a bot was sent to {@code roomServer}. */
    void placedOn(java.net.InetSocketAddress roomServer) {
        roomServers.add(roomServer);
    }

    /** How many room servers the login server sent bots to (one without a room directory). */
    public int roomServers() {
        return roomServers.size();
    }

    public int loggedIn() {
        return loggedIn.get();
    }

    public int inRoom() {
        return inRoom.get();
    }

    /** Round trips: a move to the tick that shows it applied, a chat line to its own broadcast. */
    public LatencyHistogram rtt() {
        return rtt;
    }

    public long errors(BotError kind) {
        return errors.get(kind).sum();
    }

    public long totalErrors() {
        long total = 0;
        for (LongAdder count : errors.values()) {
            total += count.sum();
        }
        return total;
    }

    /** "kind=n" for every kind with a non-zero count, or "none". */
    public String errorsByKind() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<BotError, LongAdder> entry : errors.entrySet()) {
            long count = entry.getValue().sum();
            if (count > 0) {
                text.append(text.length() == 0 ? "" : " ").append(entry.getKey().name().toLowerCase()).append('=').append(count);
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}

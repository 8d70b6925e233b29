package io.gameport.sample.limit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed logins per account name, with back-off: the first {@code freeFailures} failures in a row
 * cost nothing; the next one makes the name wait {@code firstBackoffMs} (attempts meanwhile are
 * refused without hashing), each further one doubles the wait up to {@code maxBackoffMs}; a
 * success forgets the name. This is what stops a password
 * guesser spread over many addresses, which the per-address limit cannot see. The price, as with
 * any per-account back-off, is that such a guesser also delays the owner by at most
 * {@code maxBackoffMs}; it never locks the account for good.
 *
 * <p>Threads: {@link #retryAfterMs} runs on dispatch shards and takes no lock (a map read and a
 * volatile read); {@link #failed} and {@link #succeeded} run on the login work pool. Memory: at
 * most {@code maxNames} names are tracked; entries whose back-off ended {@code maxBackoffMs} ago
 * are dropped when the table is full, and a name that finds the table still full is not tracked
 * (counted in {@link #untracked}).
 */
public final class AccountBackoff {

    /** Failures without a wait, the first wait, the longest wait, and how many names are tracked at most. */
    public record Settings(int freeFailures, long firstBackoffMs, long maxBackoffMs, int maxNames) {

        public Settings {
            if (freeFailures < 0) {
                throw new IllegalArgumentException("freeFailures must be >= 0, was " + freeFailures);
            }
            if (firstBackoffMs < 1) {
                throw new IllegalArgumentException("firstBackoffMs must be >= 1, was " + firstBackoffMs);
            }
            if (maxBackoffMs < firstBackoffMs) {
                throw new IllegalArgumentException("maxBackoffMs must be >= firstBackoffMs, was " + maxBackoffMs);
            }
            if (maxNames < 1) {
                throw new IllegalArgumentException("maxNames must be >= 1, was " + maxNames);
            }
        }

        /** 3 free failures, then 1 s doubling to 60 s; 100,000 names (about 10 MB at most). */
        public static Settings defaults() {
            return new Settings(3, 1_000, 60_000, 100_000);
        }

        public Settings withFreeFailures(int failures) {
            return new Settings(failures, firstBackoffMs, maxBackoffMs, maxNames);
        }

        public Settings withBackoffMs(long first, long max) {
            return new Settings(freeFailures, first, max, maxNames);
        }

        public Settings withMaxNames(int names) {
            return new Settings(freeFailures, firstBackoffMs, maxBackoffMs, names);
        }
    }

    private static final class Entry {
        /** Pool threads only, under the entry's monitor. */
        int failures;
        volatile long blockedUntilNanos;
    }

    private final Settings settings;
    private final Map<String, Entry> names = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    private final LongAdder untracked = new LongAdder();

    public AccountBackoff(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** 0 when {@code name} may try now, else the milliseconds (at least 1) until it may; counts refusals. */
    public long retryAfterMs(String name, long nowNanos) {
        Entry entry = names.get(name);
        if (entry == null) {
            return 0;
        }
        long waitNanos = entry.blockedUntilNanos - nowNanos;
        if (waitNanos <= 0) {
            return 0;
        }
        refused.increment();
        return Math.max(1, (waitNanos + 999_999) / 1_000_000);
    }

    /** A password check for {@code name} failed (wrong password or unknown name). */
    public void failed(String name, long nowNanos) {
        Entry entry = names.get(name);
        if (entry == null) {
            if (names.size() >= settings.maxNames()) {
                forgetIdle(nowNanos);
                if (names.size() >= settings.maxNames()) {
                    untracked.increment();
                    return;
                }
            }
            entry = names.computeIfAbsent(name, n -> new Entry());
        }
        synchronized (entry) {
            entry.failures++;
            int over = entry.failures - settings.freeFailures();
            if (over > 0) {
                long waitMs = settings.firstBackoffMs() << Math.min(over - 1, 30);
                waitMs = waitMs <= 0 ? settings.maxBackoffMs() : Math.min(settings.maxBackoffMs(), waitMs);
                entry.blockedUntilNanos = nowNanos + waitMs * 1_000_000;
            }
        }
    }

    /** {@code name} logged in: its failures are forgotten. */
    public void succeeded(String name) {
        names.remove(name);
    }

    /** Attempts refused because their name was backing off. */
    public long refused() {
        return refused.sum();
    }

    /** Failures not tracked because the table was full of names still backing off. */
    public long untracked() {
        return untracked.sum();
    }

    public int trackedNames() {
        return names.size();
    }

    private void forgetIdle(long nowNanos) {
        long forgetBefore = nowNanos - settings.maxBackoffMs() * 1_000_000;
        for (Iterator<Entry> it = names.values().iterator(); it.hasNext(); ) {
            if (it.next().blockedUntilNanos - forgetBefore <= 0) {
                it.remove();
            }
        }
    }
}

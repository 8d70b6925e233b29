package io.gameport.sample.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
 * <p>The table is a Caffeine cache whose entries expire at their own time: a name is forgotten
 * {@code maxBackoffMs} after its last failure or the end of its wait, whichever is later (a guesser
 * slower than that was never held back by more than the longest wait anyway). Caffeine's timer
 * wheel expires entries for a constant cost each, so a full table costs a failure no scan (the
 * hand-written table scanned all of its names on every failure while full: 100,000 names per
 * failed login). At most {@code maxNames} names are tracked; a new name that finds the table full
 * of names still remembered is not tracked (counted in {@link #untracked}) rather than evicting
 * one, so a spray of failures on made-up names cannot flush the back-off of the name under attack.
 *
 * <p>Threads: {@link #retryAfterMs} runs on dispatch shards and takes no lock (a map read and a
 * volatile read: Caffeine's quiet read records nothing and runs no maintenance); {@link #failed}
 * and {@link #succeeded} run on the login work pool, where Caffeine's maintenance runs too.
 *
 * <p>Time: callers pass a monotonic clock's {@code nowNanos} (as {@link System#nanoTime()}); the
 * cache expires entries by the latest time a failure was recorded at.
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

    /**
     * One name's failures in a row, until when it waits and when it is forgotten. Replaced on
     * every failure, never changed in place, so the cache computes each new expiry.
     */
    private record Failures(int count, long blockedUntilNanos, long forgetAtNanos) {
    }

    private final Settings settings;
    private final Cache<String, Failures> names;
    private final LongAdder refused = new LongAdder();
    private final LongAdder untracked = new LongAdder();
    /** The latest nowNanos a failure was recorded at: the cache's clock. Written under this object's lock (pool threads). */
    private volatile long clockNanos;
    private boolean clockStarted;

    public AccountBackoff(Settings settings) {
        this.settings = settings;
        this.names = Caffeine.newBuilder()
                .ticker(() -> clockNanos)
                // Maintenance (expiring, draining buffers) on the writing pool thread, never on a shard or a shared pool.
                .executor(Runnable::run)
                .expireAfter(new ForgetAt())
                .build();
    }

    public Settings settings() {
        return settings;
    }

    /** 0 when {@code name} may try now, else the milliseconds (at least 1) until it may; counts refusals. */
    public long retryAfterMs(String name, long nowNanos) {
        Failures failures = names.policy().getIfPresentQuietly(name);
        if (failures == null) {
            return 0;
        }
        long waitNanos = failures.blockedUntilNanos() - nowNanos;
        if (waitNanos <= 0) {
            return 0;
        }
        refused.increment();
        return Math.max(1, (waitNanos + 999_999) / 1_000_000);
    }

    /** A password check for {@code name} failed (wrong password or unknown name). */
    public void failed(String name, long nowNanos) {
        advanceClock(nowNanos);
        if (names.estimatedSize() >= settings.maxNames() && names.policy().getIfPresentQuietly(name) == null) {
            // Expires what is due, for a constant cost per expired name: no scan of the names still remembered.
            names.cleanUp();
            if (names.estimatedSize() >= settings.maxNames()) {
                untracked.increment();
                return;
            }
        }
        names.asMap().compute(name, (n, before) -> next(before, nowNanos));
    }

    /** {@code name} logged in: its failures are forgotten. */
    public void succeeded(String name) {
        names.invalidate(name);
    }

    /** Attempts refused because their name was backing off. */
    public long refused() {
        return refused.sum();
    }

    /** Failures not tracked because the table was full of names still remembered. */
    public long untracked() {
        return untracked.sum();
    }

    public int trackedNames() {
        return (int) names.estimatedSize();
    }

    private Failures next(Failures before, long nowNanos) {
        int count = before == null ? 1 : before.count() + 1;
        int over = count - settings.freeFailures();
        long blockedUntil = nowNanos;
        if (over > 0) {
            long waitMs = settings.firstBackoffMs() << Math.min(over - 1, 30);
            waitMs = waitMs <= 0 ? settings.maxBackoffMs() : Math.min(settings.maxBackoffMs(), waitMs);
            blockedUntil = nowNanos + waitMs * 1_000_000;
        }
        return new Failures(count, blockedUntil, blockedUntil + settings.maxBackoffMs() * 1_000_000);
    }

    /** Monotonic even if pool threads report failures out of order. */
    private synchronized void advanceClock(long nowNanos) {
        if (!clockStarted || nowNanos - clockNanos > 0) {
            clockNanos = nowNanos;
            clockStarted = true;
        }
    }

    /** A name expires at its {@link Failures#forgetAtNanos}; reading it does not keep it. */
    private static final class ForgetAt implements Expiry<String, Failures> {
        @Override
        public long expireAfterCreate(String name, Failures failures, long currentTime) {
            return Math.max(0, failures.forgetAtNanos() - currentTime);
        }

        @Override
        public long expireAfterUpdate(String name, Failures failures, long currentTime, long currentDuration) {
            return expireAfterCreate(name, failures, currentTime);
        }

        @Override
        public long expireAfterRead(String name, Failures failures, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}

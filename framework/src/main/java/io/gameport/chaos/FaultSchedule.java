package io.gameport.chaos;

import io.gameport.settings.Records;
import io.gameport.settings.Require;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A seeded plan of faults for every connection a {@link FaultProxy} accepts. The plan of the
 * connection accepted {@code k}-th (its ordinal, from 0) is a function of {@code seed} and {@code k}
 * alone: faults arrive as a Poisson process of {@code faultsPerMinute} per connection (exponential
 * gaps), each of a kind drawn by the weights, with its parameters drawn from the same generator.
 * So the same seed gives the same schedule; which client gets which ordinal depends on the order
 * the clients connect in. A connection's plan ends with its first reset, black hole or cut (the
 * connection is gone); delays leave it alive and the plan goes on.
 *
 * @param seed             the schedule's seed
 * @param faultsPerMinute  mean faults per connection per minute
 * @param resetWeight      relative weight of {@link FaultKind#RESET}
 * @param blackHoleWeight  relative weight of {@link FaultKind#BLACK_HOLE}
 * @param cutWeight        relative weight of {@link FaultKind#CUT}
 * @param delayWeight      relative weight of {@link FaultKind#DELAY}
 * @param maxCutBytes      a cut forwards 1..maxCutBytes further bytes (small, so it lands inside a frame)
 * @param maxDelayMillis   a delay adds 1..maxDelayMillis of latency
 * @param delayLastsMillis how long a scheduled delay stays
 */
public record FaultSchedule(long seed, double faultsPerMinute, int resetWeight, int blackHoleWeight,
                            int cutWeight, int delayWeight, int maxCutBytes, long maxDelayMillis,
                            long delayLastsMillis) {

    public FaultSchedule {
        if (!(faultsPerMinute > 0 && faultsPerMinute <= 600_000)) {
            throw new IllegalArgumentException("FaultSchedule.faultsPerMinute must be in (0, 600000], was " + faultsPerMinute);
        }
        Require.atLeast("FaultSchedule.resetWeight", resetWeight, 0);
        Require.atLeast("FaultSchedule.blackHoleWeight", blackHoleWeight, 0);
        Require.atLeast("FaultSchedule.cutWeight", cutWeight, 0);
        Require.atLeast("FaultSchedule.delayWeight", delayWeight, 0);
        Require.atLeast("FaultSchedule.(sum of the weights)", (long) resetWeight + blackHoleWeight + cutWeight + delayWeight, 1);
        Require.inRange("FaultSchedule.maxCutBytes", maxCutBytes, 1, 1 << 20);
        Require.inRange("FaultSchedule.maxDelayMillis", maxDelayMillis, 1, 60_000);
        Require.atLeast("FaultSchedule.delayLastsMillis", delayLastsMillis, 1);
    }

    /** Resets and black holes, half each: what the chaos soak uses by default. */
    public static FaultSchedule resetsAndBlackHoles(long seed, double faultsPerMinute) {
        return new FaultSchedule(seed, faultsPerMinute, 1, 1, 0, 0, 64, 200, 2_000);
    }

    /** Every kind: resets, black holes and cuts a quarter each, delays (up to 200 ms for 2 s) a quarter. */
    public static FaultSchedule everyKind(long seed, double faultsPerMinute) {
        return new FaultSchedule(seed, faultsPerMinute, 1, 1, 1, 1, 64, 200, 2_000);
    }

    /** The plan of the connection accepted {@code ordinal}-th. */
    public Plan planFor(long ordinal) {
        // SplittableRandom: seeded and repeatable, and in java.base, which every JRE has (the jdk.random
        // module with the LXM generators is missing from minimal ones, such as the Windows JRE the IOCP tests run on).
        return new Plan(new SplittableRandom(mix(seed, ordinal)));
    }

    public FaultSchedule withSeed(long value) {
        return Records.with(this, "seed", value);
    }

    public FaultSchedule withFaultsPerMinute(double value) {
        return Records.with(this, "faultsPerMinute", value);
    }

    /** One connection's faults, drawn one after the other. Not thread-safe: the proxy's loop owns it. */
    public final class Plan {
        private final RandomGenerator random;

        private Plan(RandomGenerator random) {
            this.random = random;
        }

        public PlannedFault next() {
            double meanNanos = 60e9 / faultsPerMinute;
            long afterNanos = (long) Math.min(Long.MAX_VALUE / 4, -Math.log(1 - random.nextDouble()) * meanNanos);
            int pick = random.nextInt(resetWeight + blackHoleWeight + cutWeight + delayWeight);
            FaultKind kind;
            if (pick < resetWeight) {
                kind = FaultKind.RESET;
            } else if (pick < resetWeight + blackHoleWeight) {
                kind = FaultKind.BLACK_HOLE;
            } else if (pick < resetWeight + blackHoleWeight + cutWeight) {
                kind = FaultKind.CUT;
            } else {
                kind = FaultKind.DELAY;
            }
            Direction direction = random.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            int cutAfterBytes = 1 + random.nextInt(maxCutBytes);
            long delay = 1 + random.nextLong(maxDelayMillis);
            return new PlannedFault(afterNanos, kind, direction, cutAfterBytes, delay, delayLastsMillis);
        }
    }

    /** SplitMix64's finaliser over seed and ordinal, so neighbouring ordinals get unrelated seeds. */
    private static long mix(long seed, long ordinal) {
        long z = seed + (ordinal + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package io.gameport.sample.soak;

/**
 * A chaos soak's faults: the bots' room connections go through a {@link io.gameport.chaos.FaultProxy}
 * that drops each connection about {@code dropsPerMinute} times a minute (exponential gaps), half by
 * reset and half by black hole, on the schedule {@code seed} fixes.
 *
 * @param dropsPerMinute mean drops per bot connection per minute, in (0, 600]
 * @param seed           the fault schedule's seed (printed, so a run can be repeated)
 */
public record SoakChaos(double dropsPerMinute, long seed) {

    public SoakChaos {
        if (!(dropsPerMinute > 0 && dropsPerMinute <= 600)) {
            throw new IllegalArgumentException("chaos drops per minute must be in (0, 600], was " + dropsPerMinute);
        }
    }
}

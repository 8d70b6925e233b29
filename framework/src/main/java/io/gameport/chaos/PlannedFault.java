package io.gameport.chaos;

/**
 * One fault of a connection's seeded plan ({@link FaultSchedule#planFor}).
 *
 * @param afterNanos      time after the previous planned fault (or after the connection was accepted)
 * @param kind            what to inject
 * @param direction       for {@link FaultKind#CUT}: the direction that forwards the prefix; otherwise unused
 * @param cutAfterBytes   for {@link FaultKind#CUT}: how many further bytes that direction forwards before the reset
 * @param delayMillis     for {@link FaultKind#DELAY}: the latency added to both directions
 * @param delayLastsMillis for {@link FaultKind#DELAY}: how long the latency stays before it is removed
 */
public record PlannedFault(long afterNanos, FaultKind kind, Direction direction, int cutAfterBytes,
                           long delayMillis, long delayLastsMillis) {
}

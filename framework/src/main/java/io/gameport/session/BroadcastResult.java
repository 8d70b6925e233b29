package io.gameport.session;

import io.gameport.net.SendResult;

/** What each send of one broadcast returned, counted by {@link SendResult}. Immutable. */
public final class BroadcastResult {
    private final int[] counts;

    BroadcastResult(int[] counts) {
        this.counts = counts.clone();
    }

    /** How many recipients' sends returned {@code result}. */
    public int count(SendResult result) {
        return counts[result.ordinal()];
    }

    public int queued() {
        return count(SendResult.QUEUED);
    }

    /** Recipients the message was not queued for, whatever the reason. */
    public int notQueued() {
        int sum = 0;
        for (SendResult result : SendResult.values()) {
            if (result != SendResult.QUEUED) {
                sum += counts[result.ordinal()];
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("broadcast");
        for (SendResult result : SendResult.values()) {
            text.append(' ').append(result).append('=').append(counts[result.ordinal()]);
        }
        return text.toString();
    }
}

package io.gameport.server;

import io.gameport.time.NanoClock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand: rate limits and log windows then behave by counts alone. */
final class ManualClock implements NanoClock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    void advanceNanos(long nanos) {
        now.addAndGet(nanos);
    }
}

package io.gameport.testing;

import io.gameport.time.NanoClock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand: rate limits and log windows then behave by counts alone. */
public final class ManualClock implements NanoClock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advanceNanos(long nanos) {
        now.addAndGet(nanos);
    }
}
